package io.github.empathy4j.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.Secrets;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.Turn;
import io.github.empathy4j.core.UnparseableRatingException;
import io.github.empathy4j.core.prompt.ChatMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pairwise judging, the engine's task of a {@link PairwiseRun}: an item is a pair of replies to one dialogue for one
 * judge, with one call per order the journal does not hold yet; each verdict is journaled as it arrives.
 */
final class PairwiseTask extends Engine.Task<PairwiseJudgement> {

    /** A reply to judge: the reply itself, or where its line starts in the replies' journal. */
    private record Ref(String condition, String dialogueId, Reply reply, long offset) {
    }

    private final PairwiseRun run;
    private final AtomicInteger judged = new AtomicInteger();
    private Journal<PairwiseJudgement> journal;
    private Engine.Plan plan;
    private int unanswered;

    PairwiseTask(PairwiseRun run) {
        this.run = run;
    }

    /** Executes the judging with the engine. */
    PairwiseResult execute() {
        Engine.Outcome outcome = new Engine(run.scheduling(), run.retryPolicy(), run.cacheDirectory(),
                run.progressListener(), run.time(), "empathy-pairwise").budget(run.budget(), run.pricing(),
                run.judges().keySet()).execute(this);
        return new PairwiseResult(judged.get(), (int) plan.skipped(), unanswered, outcome.retries(),
                outcome.failures().stream().map(PairwiseResult.Failure.class::cast).toList(), outcome.elapsed(),
                run.outputDirectory().resolve(PairwiseJournal.FILE_NAME), List.copyOf(run.judges().keySet()));
    }

    /** Estimates the judging without a call or a write. */
    Estimate estimate() {
        return Engine.estimate(this, run.pricing(), Estimate.DEFAULT_RATING_TOKENS);
    }

    @Override
    Path directory() {
        return run.outputDirectory();
    }

    @Override
    Journal.Kind<PairwiseJudgement> journal() {
        return PairwiseJournal.KIND;
    }

    @Override
    BigDecimal cost(PairwiseJudgement judgement) {
        return judgement.cost();
    }

    @Override
    String failuresFile() {
        return PairwiseRun.FAILURES_FILE;
    }

    @Override
    void resumed(PairwiseJudgement j) {
        if (j.maxWords() != run.maxWords() && run.judges().containsKey(j.judge())) {
            throw new ConfigurationException(run.outputDirectory().resolve(PairwiseJournal.FILE_NAME) + " holds "
                    + "verdicts of judge " + j.judge() + " made with replies cut to " + words(j.maxWords())
                    + ", but this run cuts them to " + words(run.maxWords()) + "; use the same limit, or move the "
                    + "file away to judge again");
        }
    }

    private static String words(int maxWords) {
        return maxWords == 0 ? "no limit" : maxWords + " words";
    }

    @Override
    Engine.Plan plan(Journal<PairwiseJudgement> opened) {
        this.journal = opened;
        Map<String, Map<String, Ref>> byDialogue = new TreeMap<>();
        TreeSet<String> conditions = new TreeSet<>();
        if (run.repliesFile() == null) {
            run.replies().forEach(r -> add(byDialogue, conditions, r, -1, null, 0));
        } else {
            Path file = run.repliesFile();
            long[] line = {0};
            JsonLines.scanWithOffsets(file, ReplyJournal.FORMAT,
                    (Reply r, long offset) -> add(byDialogue, conditions, r, offset, file, ++line[0]));
        }
        if (!conditions.contains(run.baseline())) {
            throw new ConfigurationException("the baseline condition '" + run.baseline() + "' has no replies; the "
                    + "conditions are " + conditions);
        }
        List<String> ordered = new ArrayList<>();
        ordered.add(run.baseline());
        conditions.stream().filter(c -> !c.equals(run.baseline())).forEach(ordered::add);
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            for (int j = i + 1; j < ordered.size() && (i == 0 || run.allPairs()); j++) {
                pairs.add(new String[] {ordered.get(i), ordered.get(j)});
            }
        }
        List<String> dialogueIds = new ArrayList<>(byDialogue.keySet());
        Collections.shuffle(dialogueIds, new Random(run.seed()));
        List<Engine.Item> items = new ArrayList<>();
        long total = 0;
        long skipped = 0;
        for (String id : dialogueIds) {
            Map<String, Ref> refs = byDialogue.get(id);
            for (String[] pair : pairs) {
                Ref first = refs.get(pair[0]);
                Ref second = refs.get(pair[1]);
                if (first == null || second == null || first.reply() == null && first.offset() < 0
                        || second.reply() == null && second.offset() < 0) {
                    unanswered++;
                    continue;
                }
                for (Map.Entry<String, PairwiseJudge> judge : run.judges().entrySet()) {
                    total++;
                    List<Engine.Unit<?>> calls = new ArrayList<>();
                    for (Ref[] order : new Ref[][] {{first, second}, {second, first}}) {
                        if (!journal.contains(PairwiseJournal.key(id, order[0].condition(), order[1].condition(),
                                judge.getKey()))) {
                            calls.add(new Call(order[0], order[1], judge.getKey(), judge.getValue()));
                        }
                    }
                    if (calls.isEmpty()) {
                        skipped++;
                    } else {
                        items.add(new Engine.Item(calls, () -> { }));
                    }
                }
            }
        }
        this.plan = new Engine.Plan(items, total, skipped);
        return plan;
    }

    /** Keeps an answered reply; an empty or refused one is kept as a marker (no reply, no offset). */
    private void add(Map<String, Map<String, Ref>> byDialogue, TreeSet<String> conditions, Reply reply, long offset,
            Path file, long line) {
        if (!run.dialogues().containsKey(reply.dialogueId())) {
            throw new BadInputException(file == null ? "replies" : file.toString(), line, "dialogueId",
                    reply.dialogueId(), "a dialogue among the " + run.dialogues().size() + " given");
        }
        conditions.add(reply.condition());
        boolean answered = reply.outcome() == Reply.Outcome.ANSWERED;
        Ref ref = new Ref(reply.condition(), reply.dialogueId(), answered && file == null ? reply : null,
                answered ? Math.max(offset, 0) : -1);
        if (byDialogue.computeIfAbsent(reply.dialogueId(), k -> new LinkedHashMap<>())
                .putIfAbsent(reply.condition(), ref) != null) {
            throw new BadInputException(file == null ? "replies" : file.toString(), line, "dialogueId",
                    reply.dialogueId(), "one reply per condition and dialogue, but condition " + reply.condition()
                    + " has two");
        }
    }

    private Reply reply(Ref ref) {
        return ref.reply() != null ? ref.reply() : Journal.readAt(run.repliesFile(), ref.offset(),
                ReplyJournal.FORMAT);
    }

    /** The number of words: runs of non-whitespace characters. */
    static int words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }

    /** The text the judge sees: its first {@code maxWords} words (joined by single spaces), or all of it. */
    static String cut(String text, int maxWords) {
        if (maxWords == 0 || words(text) <= maxWords) {
            return text.strip();
        }
        return String.join(" ", List.of(text.strip().split("\\s+")).subList(0, maxWords));
    }

    /** One judge comparing two replies in one order. */
    private final class Call extends Engine.Unit<Preference> {

        private final Ref a;
        private final Ref b;
        private final String name;
        private final PairwiseJudge judge;

        /** The two replies' texts, read once when first needed. */
        private volatile String[] texts;

        Call(Ref a, Ref b, String name, PairwiseJudge judge) {
            super(Lane.of(judge, name));
            this.a = a;
            this.b = b;
            this.name = name;
            this.judge = judge;
        }

        @Override
        String group() {
            return name;
        }

        @Override
        String spec() {
            return name;
        }

        @Override
        String what() {
            return "judge " + name + ", dialogue " + a.dialogueId() + ", " + a.condition() + " (A) vs "
                    + b.condition() + " (B)";
        }

        @Override
        long seed() {
            return ((long) name.hashCode() << 32)
                    ^ (PairwiseJournal.key(a.dialogueId(), a.condition(), b.condition(), "").hashCode() & 0xFFFFFFFFL);
        }

        /** Reply A's and reply B's full texts. */
        private String[] texts() {
            if (texts == null) {
                texts = new String[] {reply(a).text(), reply(b).text()};
            }
            return texts;
        }

        @Override
        Preference call() {
            Preference p = judge.compare(run.dialogues().get(a.dialogueId()), cut(texts()[0], run.maxWords()),
                    cut(texts()[1], run.maxWords()));
            if (p == null) {
                throw new EmpathyException("the judge returned no verdict");
            }
            return p;
        }

        @Override
        double tokenEstimate() {
            Dialogue d = run.dialogues().get(a.dialogueId());
            return (d.situation().length() + d.turns().stream().mapToInt(t -> t.text().length()).sum()) / 4.0 + 400;
        }

        @Override
        String pricedSpec() {
            return name;
        }

        /** A judge's worst case ({@link #judgeWorst}) with the dialogue and both texts as shown. */
        @Override
        TokenUsage worstUsage(long maxOutputTokens) {
            return judgeWorst(dialogueBound(run.dialogues().get(a.dialogueId()))
                    + bytes(cut(texts()[0], run.maxWords())) + bytes(cut(texts()[1], run.maxWords())),
                    maxOutputTokens);
        }

        /** What the call cost, {@code null} when unknown; a cached verdict has no usage, and cost nothing. */
        @Override
        BigDecimal cost(Preference p) {
            return run.pricing().cost(name, p.model(), p.usage(), false).orElse(null);
        }

        /** The cache key: the judge's name, the length limit, the dialogue and both texts in their order. */
        private String cacheKey() {
            Dialogue d = run.dialogues().get(a.dialogueId());
            StringBuilder what = new StringBuilder(d.situation()).append('\n');
            for (Turn t : d.turns()) {
                what.append(t.role()).append(": ").append(t.text()).append('\n');
            }
            what.append("A: ").append(cut(texts()[0], run.maxWords())).append("\nB: ")
                    .append(cut(texts()[1], run.maxWords()));
            return ResponseCache.key(name, Map.of("task", "pairwise", "maxWords", Integer.toString(run.maxWords())),
                    List.of(new ChatMessage(ChatMessage.Role.USER, what.toString())));
        }

        @Override
        Preference lookup(ResponseCache cache) {
            Reply hit = cache.get(cacheKey(), RatingRun.BLINDED, a.dialogueId(), Map.of());
            if (hit == null) {
                return null;
            }
            try {
                JsonNode node = ReplyJournal.JSON.readTree(hit.text());
                return new Preference(Preference.Choice.valueOf(node.get("choice").asText()),
                        node.get("reason").isNull() ? null : node.get("reason").asText());
            } catch (JsonProcessingException | RuntimeException e) {
                throw new UncheckedIOException(new IOException("not a cached verdict: " + e.getMessage(), e));
            }
        }

        @Override
        void store(ResponseCache cache, Preference p) {
            String text = ReplyJournal.JSON.createObjectNode().put("choice", p.choice().name())
                    .put("reason", p.reason()).toString();
            cache.put(cacheKey(), name, new Reply(RatingRun.BLINDED, a.dialogueId(), text, FinishReason.STOP, name,
                    Map.of(), TokenUsage.NONE, Duration.ZERO, 1, run.time().now()));
        }

        @Override
        Preference succeeded(Preference p, int attempts, Duration latency, boolean cached) {
            journal.append(new PairwiseJudgement(a.dialogueId(), a.condition(), b.condition(), name, p.choice(),
                    p.reason(), run.family(name), run.author(a.condition()), run.author(b.condition()),
                    words(texts()[0]), words(texts()[1]), run.maxWords(), cached ? BigDecimal.ZERO : cost(p)));
            judged.incrementAndGet();
            return p;
        }

        @Override
        Record failure(RuntimeException e, String error, int attempts, boolean untried) {
            String raw = !untried && e instanceof UnparseableRatingException u ? Secrets.redact(u.rawAnswer()) : null;
            return new PairwiseResult.Failure(a.dialogueId(), a.condition(), b.condition(), name,
                    untried ? "not judged, the judging stopped: " + error : error, raw, attempts);
        }

        @Override
        String stopMessage(RuntimeException e) {
            return "judge '" + name + "': " + e.getMessage() + ". The pairwise judging stopped; the verdicts so far "
                    + "are in " + run.outputDirectory().resolve(PairwiseJournal.FILE_NAME)
                    + ". Fix the problem and run the same command again to resume.";
        }
    }
}
