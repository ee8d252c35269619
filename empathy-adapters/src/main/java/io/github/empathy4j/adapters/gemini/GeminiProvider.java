package io.github.empathy4j.adapters.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import io.github.empathy4j.adapters.ChatModelJudge;
import io.github.empathy4j.adapters.ChatModelRespondent;
import io.github.empathy4j.adapters.Environment;
import io.github.empathy4j.adapters.FilteredReplyException;
import io.github.empathy4j.adapters.ModelProvider;
import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.adapters.ProviderHttpClientBuilder;
import io.github.empathy4j.adapters.batch.GeminiBatchClient;
import io.github.empathy4j.core.batch.BatchClient;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.prompt.PromptTemplate;
import io.github.empathy4j.core.run.Respondent;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Google AI's Gemini API ({@code gemini:gemini-1.0-pro}); the key comes from {@code GEMINI_API_KEY}.
 *
 * <p>Both of Gemini's safety blocks become a {@code CONTENT_FILTER} answer: a candidate that finished for
 * {@code SAFETY} (LangChain4j maps it), and a prompt blocked outright ({@code promptFeedback.blockReason}
 * with no candidate), which LangChain4j 1.18.1 cannot parse (it reads the first candidate), so this
 * provider recognises it first. That answer carries the prompt's token count. Output tokens are what Google
 * bills as output: the reply's tokens plus the model's thinking tokens ({@code thoughtsTokenCount}; Gemini 2.5
 * thinks by default), which LangChain4j reports apart ({@link ChatModelRespondent} adds them).
 */
public final class GeminiProvider implements ModelProvider {

    /** The variable that holds the key unless the spec names another with {@code apiKeyEnv}. */
    public static final String KEY_VARIABLE = "GEMINI_API_KEY";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String id() {
        return "gemini";
    }

    @Override
    public Optional<String> keyVariable() {
        return Optional.of(KEY_VARIABLE);
    }

    /** Gemini enforces a JSON schema ({@code responseSchema}). */
    @Override
    public ChatModelJudge.OutputFormat judgeFormat() {
        return ChatModelJudge.OutputFormat.JSON_SCHEMA;
    }

    /** The Gemini API's batch mode ({@link GeminiBatchClient}). */
    @Override
    public Optional<BatchClient> batchClient(ModelSpec spec, Environment environment) {
        return Optional.of(GeminiBatchClient.of(spec, environment.apiKey(spec, KEY_VARIABLE)));
    }

    @Override
    public Respondent respondent(ModelSpec spec, PromptTemplate template, Environment environment) {
        String key = environment.apiKey(spec, KEY_VARIABLE);
        GoogleAiGeminiChatModel model = GoogleAiGeminiChatModel.builder()
                .httpClientBuilder(new ProviderHttpClientBuilder().responseCheck(GeminiProvider::rejectBlockedPrompt))
                .baseUrl(spec.baseUrl().orElse(null))
                .apiKey(key)
                .modelName(spec.model())
                .temperature(spec.temperature().orElse(null))
                .seed(spec.seed().orElse(null))
                .maxOutputTokens(spec.maxTokens().orElse(null))
                .timeout(spec.timeout().orElse(null))
                .maxRetries(0)
                .build();
        return new ChatModelRespondent(spec, template, model, List.of(key));
    }

    /** Throws for a reply whose prompt was blocked: it has a block reason and no candidate. */
    static void rejectBlockedPrompt(SuccessfulHttpResponse response) {
        String body = response.body();
        if (body == null || !body.contains("blockReason")) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return; // LangChain4j reports the unreadable reply
        }
        String reason = root.path("promptFeedback").path("blockReason").asText("");
        if (!reason.isEmpty() && root.path("candidates").isEmpty()) {
            throw new FilteredReplyException("Gemini blocked the prompt: " + reason,
                    new TokenUsage(root.path("usageMetadata").path("promptTokenCount").asLong(), 0),
                    root.path("modelVersion").asText(null));
        }
    }
}
