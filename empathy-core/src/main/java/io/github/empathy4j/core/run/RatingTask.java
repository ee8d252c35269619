package io.github.empathy4j.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Dialogue;
import io.github.empathy4j.core.EmpathyException;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.RaterSource;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.Secrets;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.Turn;
import io.github.empathy4j.core.UnparseableRatingException;
import io.github.empathy4j.core.prompt.ChatMessage;
import io.github.empathy4j.core.rating.RatingScale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Rating, the engine's task of a {@link RatingRun}: an item is an answered reply on one dimension, with one call
 * per rater that has not rated it, each on the rater's lane (a panel's raters in parallel); the combined rating is
 * journaled once, when the item's last rater has rated it.
 */
final class RatingTask extends Engine.Task<Rating> {

    private static final Logger LOG = LoggerFactory.getLogger(RatingRun.class);

    /** A reply to rate: the reply itself, or where its line starts in the replies' journal. */
    private record Ref(String condition, String dialogueId, Reply reply, long offset) {
    }

    private final RatingRun run;
    private final TimeSource time;
    /** The values of the journal's ratings, by {@link RatingJournal#key}: keys and values, never rationales. */
    private final Map<String, Integer> values = new ConcurrentHashMap<>();
    private final AtomicInteger rated = new AtomicInteger();
    private Journal<Rating> journal;
    private int empty;
    private int refused;
    private long skipped;

    RatingTask(RatingRun run) {
        this.run = run;
        this.time = run.time();
    }

    /** Executes the rating with the engine. */
    RatingResult execute() {
        Engine.Outcome outcome = new Engine(run.scheduling(), run.retryPolicy(), run.cacheDirectory(),
                run.progressListener(), time, "empathy-rate").budget(run.budget(), run.pricing(),
                run.raters().keySet()).execute(this);
        List<String> raters = new ArrayList<>(run.raters().keySet());
        if (run.combination() != null) {
            raters.add(run.combinedName());
        }
        return new RatingResult(rated.get(), (int) skipped, empty, refused, outcome.retries(),
                outcome.failures().stream().map(RatingResult.Failure.class::cast).toList(), outcome.elapsed(),
                run.outputDirectory().resolve(RatingJournal.FILE_NAME), run.scale().id(), raters);
    }

    /** Estimates the rating without a call or a write. */
    Estimate estimate() {
        return Engine.estimate(this, run.pricing(), Estimate.DEFAULT_RATING_TOKENS);
    }

    @Override
    Path directory() {
        return run.outputDirectory();
    }

    @Override
    Journal.Kind<Rating> journal() {
        return RatingJournal.KIND;
    }

    @Override
    String failuresFile() {
        return RatingRun.FAILURES_FILE;
    }

    @Override
    BatchMode batchMode() {
        return run.batchMode();
    }

    @Override
    String batchesFile() {
        return BatchMode.RATING_FILE_NAME;
    }

    @Override
    void resumed(Rating rating) {
        values.put(RatingJournal.key(rating), rating.value());
    }

    /** A judge's cost; nothing for a panel's combined rating or the crowd's, which made no call. */
    @Override
    BigDecimal cost(Rating rating) {
        return rating.kind() == RaterSource.Kind.JUDGE ? rating.cost() : BigDecimal.ZERO;
    }

    @Override
    Engine.Plan plan(Journal<Rating> opened) {
        this.journal = opened;
        List<Ref> refs = new ArrayList<>();
        if (run.repliesFile() == null) {
            run.replies().forEach(r -> add(refs, r, -1, null, 0));
        } else {
            Path file = run.repliesFile();
            long[] line = {0};
            JsonLines.scanWithOffsets(file, ReplyJournal.FORMAT, (Reply r, long offset) -> add(refs, r, offset, file, ++line[0]));
        }
        if (empty + refused > 0) {
            LOG.info("not rating {} replies: {} empty, {} refused", empty + refused, empty, refused);
        }
        Collections.shuffle(refs, new Random(run.seed()));
        List<Engine.Item> items = new ArrayList<>();
        long total = 0;
        for (Ref ref : refs) {
            for (RatingScale.Dimension dimension : run.scale().dimensions()) {
                total++;
                List<Engine.Unit<?>> calls = new ArrayList<>();
                run.raters().forEach((name, rater) -> {
                    if (!journal.contains(key(ref, name, dimension))) {
                        calls.add(new Call(ref, dimension, name, rater));
                    }
                });
                boolean combine = run.combination() != null
                        && !journal.contains(key(ref, run.combinedName(), dimension));
                if (calls.isEmpty() && !combine) {
                    skipped++;
                } else {
                    items.add(new Engine.Item(calls, combine ? () -> combine(ref, dimension) : () -> { }));
                }
            }
        }
        return new Engine.Plan(items, total, skipped);
    }

    private void add(List<Ref> refs, Reply reply, long offset, Path file, long line) {
        if (!run.dialogues().containsKey(reply.dialogueId())) {
            if (file == null) {
                throw new IllegalStateException("checked by RatingRun: " + reply.dialogueId());
            }
            throw new BadInputException(file.toString(), line, "dialogueId", reply.dialogueId(),
                    "a dialogue among the " + run.dialogues().size() + " given");
        }
        switch (reply.outcome()) {
            case EMPTY -> empty++;
            case REFUSED -> refused++;
            case ANSWERED -> refs.add(new Ref(reply.condition(), reply.dialogueId(), file == null ? reply : null,
                    offset));
        }
    }

    private Reply reply(Ref ref) {
        return ref.reply() != null ? ref.reply() : Journal.readAt(run.repliesFile(), ref.offset(),
                ReplyJournal.FORMAT);
    }

    private String key(Ref ref, String rater, RatingScale.Dimension dimension) {
        return ref.condition() + '\u0000' + ref.dialogueId() + '\u0000' + rater + '\u0000' + run.scale().id()
                + '\u0000' + dimension.id();
    }

    private void record(Rating rating) {
        journal.append(rating);
        values.put(RatingJournal.key(rating), rating.value());
        rated.incrementAndGet();
    }

    /** Journals the raters' combined rating of an item every rater has rated. */
    private void combine(Ref ref, RatingScale.Dimension dimension) {
        Map<String, Integer> each = new LinkedHashMap<>();
        run.raters().keySet().forEach(name -> each.put(name, values.get(key(ref, name, dimension))));
        int value = run.combination().combine(List.copyOf(each.values()), dimension);
        String rationale = run.combination().name().toLowerCase(Locale.ROOT) + " of " + each.size() + ": "
                + each.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        record(new Rating(ref.condition(), ref.dialogueId(), run.combinedName(), run.scale().id(), dimension.id(),
                value, rationale, null, RaterSource.Kind.PANEL));
    }

    /** One rater rating one reply on one dimension. */
    private final class Call extends Engine.Unit<Score> {

        private final Ref ref;
        private final RatingScale.Dimension dimension;
        private final String name;
        private final Rater rater;

        Call(Ref ref, RatingScale.Dimension dimension, String name, Rater rater) {
            super(Lane.of(rater, name));
            this.ref = ref;
            this.dimension = dimension;
            this.name = name;
            this.rater = rater;
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
            return "rater " + name + ", condition " + ref.condition() + ", dialogue " + ref.dialogueId();
        }

        @Override
        long seed() {
            return ((long) name.hashCode() << 32) ^ (key(ref, "", dimension).hashCode() & 0xFFFFFFFFL);
        }

        private Reply blinded() {
            Reply reply = reply(ref);
            return new Reply(RatingRun.BLINDED, reply.dialogueId(), reply.text(), reply.finishReason(),
                    RatingRun.BLINDED, Map.of(), TokenUsage.NONE, Duration.ZERO, 1, Instant.EPOCH);
        }

        @Override
        String batchClient() {
            return rater instanceof Rater.Prompted ? name : null;
        }

        @Override
        String journalKey() {
            return key(ref, name, dimension);
        }

        @Override
        List<ChatMessage> messages() {
            return ((Rater.Prompted) rater).messages(run.dialogues().get(ref.dialogueId()), blinded(), dimension);
        }

        @Override
        Score value(Answer answer) {
            return ((Rater.Prompted) rater).score(answer, dimension).withUsage(answer.model(), answer.usage());
        }

        @Override
        Score call() {
            Score score = rater.rate(run.dialogues().get(ref.dialogueId()), blinded(), dimension);
            if (score == null) {
                throw new EmpathyException("the rater returned no score");
            }
            return score;
        }

        @Override
        RuntimeException invalid(Score score) {
            return dimension.contains(score.value()) ? null : new EmpathyException("the rater gave " + score.value()
                    + ", which is not a level; expected " + dimension.describe());
        }

        @Override
        double tokenEstimate() {
            Dialogue d = run.dialogues().get(ref.dialogueId());
            return (d.situation().length() + d.turns().stream().mapToInt(t -> t.text().length()).sum()) / 4.0 + 200;
        }

        /**
         * The cache key: the rater's name (a judge's spec with the options that change answers), the scale and
         * dimension with its question and levels, the dialogue and the reply's text; the rater's own prompt is not
         * visible here, so a rater whose prompt changes needs another name.
         */
        private String cacheKey() {
            Dialogue d = run.dialogues().get(ref.dialogueId());
            StringBuilder what = new StringBuilder(d.situation()).append('\n');
            for (Turn t : d.turns()) {
                what.append(t.role()).append(": ").append(t.text()).append('\n');
            }
            what.append("reply: ").append(reply(ref).text()).append("\nquestion: ").append(dimension.question());
            dimension.levels().forEach(l -> what.append('\n').append(l.code()).append(' ').append(l.label())
                    .append(": ").append(l.meaning()));
            return ResponseCache.key(name, Map.of("scale", run.scale().id(), "dimension", dimension.id()),
                    List.of(new ChatMessage(ChatMessage.Role.USER, what.toString())));
        }

        @Override
        Score lookup(ResponseCache cache) {
            Reply hit = cache.get(cacheKey(), RatingRun.BLINDED, ref.dialogueId(), Map.of());
            if (hit == null) {
                return null;
            }
            try {
                JsonNode node = ReplyJournal.JSON.readTree(hit.text());
                return new Score(node.get("value").asInt(), node.get("rationale").isNull() ? null
                        : node.get("rationale").asText());
            } catch (JsonProcessingException | RuntimeException e) {
                throw new UncheckedIOException(new IOException("not a cached rating: " + e.getMessage(), e));
            }
        }

        @Override
        void store(ResponseCache cache, Score score) {
            String text = ReplyJournal.JSON.createObjectNode().put("value", score.value())
                    .put("rationale", score.rationale()).toString();
            cache.put(cacheKey(), name, new Reply(RatingRun.BLINDED, ref.dialogueId(), text, FinishReason.STOP, name,
                    Map.of(), TokenUsage.NONE, Duration.ZERO, 1, time.now()));
        }

        @Override
        Score succeeded(Score score, int attempts, Duration latency, boolean cached) {
            record(new Rating(ref.condition(), ref.dialogueId(), name, run.scale().id(), dimension.id(),
                    score.value(), score.rationale(), null, RaterSource.Kind.JUDGE, cached ? BigDecimal.ZERO
                            : cost(score)));
            return score;
        }

        /** What the call cost, {@code null} when unknown; a cached score has no usage, and cost nothing. */
        @Override
        BigDecimal cost(Score score) {
            return run.pricing().cost(name, score.model(), score.usage(), batched()).orElse(null);
        }

        @Override
        String pricedSpec() {
            return name;
        }

        /** A judge's worst case ({@link #judgeWorst}) with the dialogue, the reply and the question and levels. */
        @Override
        TokenUsage worstUsage(long maxOutputTokens) {
            long input = dialogueBound(run.dialogues().get(ref.dialogueId())) + bytes(reply(ref).text())
                    + bytes(dimension.question());
            for (RatingScale.Level l : dimension.levels()) {
                input += bytes(l.label()) + bytes(l.meaning()) + MESSAGE_OVERHEAD;
            }
            return judgeWorst(input, maxOutputTokens);
        }

        @Override
        Record failure(RuntimeException e, String error, int attempts, boolean untried) {
            String raw = !untried && e instanceof UnparseableRatingException u ? Secrets.redact(u.rawAnswer()) : null;
            return new RatingResult.Failure(ref.condition(), ref.dialogueId(), name, dimension.id(),
                    untried ? "not rated, the rating stopped: " + error : error, raw, attempts);
        }

        @Override
        String stopMessage(RuntimeException e) {
            return "rater '" + name + "': " + e.getMessage() + ". The rating stopped; the ratings so far are in "
                    + run.outputDirectory().resolve(RatingJournal.FILE_NAME)
                    + ". Fix the problem and run the same command again to resume.";
        }
    }
}
