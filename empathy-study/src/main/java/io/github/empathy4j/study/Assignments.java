package io.github.empathy4j.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Rating;
import io.github.empathy4j.core.crowd.CrowdStudy;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who rates which batch: the study folder's {@value #FILE_NAME}, an append-only journal of events
 * ({@code assigned}, {@code reclaimed}, {@code submitted}), one JSON object per line written with one
 * write before the participant is answered, so a killed server loses nothing acknowledged and a restarted
 * one keeps every assignment; the questionnaire's answers likewise in {@value #QUESTIONNAIRE_FILE}. The files hold
 * the participants' ids, the journal also their secret tokens: they are readable by their owner only. The server
 * changes them from its one writer thread only; pages read them (its methods hold its monitor, an assignment's
 * state is volatile).
 */
final class Assignments {

    /** The journal's file name inside the study folder. */
    static final String FILE_NAME = "assignments.jsonl";

    /**
     * The questionnaire answers' file name inside the study folder: one JSON object a line, {@code participant},
     * {@code at}, {@code answers} (16 codes, -2 Never to 2 Always) and {@code score} (0 to 64).
     */
    static final String QUESTIONNAIRE_FILE = "teq.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What became of an assignment. */
    enum State {
        /** Assigned and not submitted. */
        ACTIVE,
        /** Not submitted within the timeout: its place went back to the batch. */
        RECLAIMED,
        /** Submitted; see {@link Assignment#kept()} and {@link Assignment#attentionPassed()}. */
        SUBMITTED
    }

    /** One participant's batch; its state changes on the writer thread only. */
    static final class Assignment {
        final String token;
        final String participant;
        final String studyId;
        final String sessionId;
        final CrowdStudy.Batch batch;
        final String csrf;
        final int checkPosition;
        final int checkLevel;
        final Instant assigned;
        final String receipt;
        volatile State state = State.ACTIVE;
        volatile Instant submitted;
        volatile boolean kept;
        volatile boolean attentionPassed;
        /** The questionnaire's answers, or {@code null} before they are given. */
        volatile List<Integer> questionnaire;

        Assignment(String token, String participant, String studyId, String sessionId, CrowdStudy.Batch batch,
                String csrf, int checkPosition, int checkLevel, Instant assigned, String receipt) {
            this.token = token;
            this.participant = participant;
            this.studyId = studyId;
            this.sessionId = sessionId;
            this.batch = batch;
            this.csrf = csrf;
            this.checkPosition = checkPosition;
            this.checkLevel = checkLevel;
            this.assigned = assigned;
            this.receipt = receipt;
        }

        /** Positions on the rating page: the batch's items and the attention check, from 1. */
        int positions() {
            return batch.items().size() + 1;
        }

        /** The item at a page position, or {@code null} at the attention check's. */
        CrowdStudy.Item itemAt(int position) {
            if (position == checkPosition) {
                return null;
            }
            return batch.items().get(position < checkPosition ? position - 1 : position - 2);
        }

        boolean kept() {
            return kept;
        }

        boolean attentionPassed() {
            return attentionPassed;
        }
    }

    private final Path file;
    private final Path questionnaireFile;
    private final CrowdStudy study;
    private final int ratersPerBatch;
    private final Duration timeout;
    private final Map<String, CrowdStudy.Batch> batches = new LinkedHashMap<>();
    private final Map<String, Assignment> byToken = new HashMap<>();
    private final Map<String, Assignment> byParticipant = new HashMap<>();
    private final List<Assignment> all = new ArrayList<>();
    /** Per batch, the participants whose ratings of all its items are in the run's journal. */
    private final Map<String, Set<String>> completedBy = new HashMap<>();

    /**
     * Opens (creating when absent) the journal and replays it.
     *
     * @param ratings the run's ratings, which count as completions of their batches
     * @throws BadInputException when a line cannot be read or names a batch the study does not have
     */
    Assignments(Path studyDirectory, CrowdStudy study, int ratersPerBatch, Duration timeout,
            Collection<Rating> ratings) {
        this.file = studyDirectory.resolve(FILE_NAME);
        this.questionnaireFile = studyDirectory.resolve(QUESTIONNAIRE_FILE);
        this.study = study;
        this.ratersPerBatch = ratersPerBatch;
        this.timeout = timeout;
        study.batches().forEach(b -> batches.put(b.id(), b));
        countCompletions(ratings);
        replay(file, this::apply);
        replay(questionnaireFile, this::applyQuestionnaire);
        for (Assignment a : all) {
            if (a.state != State.SUBMITTED && completed(a.batch).contains(a.participant)) {
                // The ratings were written and the server died before the event: they count.
                a.state = State.SUBMITTED;
                a.kept = true;
                a.attentionPassed = true;
            }
        }
    }

    private void countCompletions(Collection<Rating> ratings) {
        Map<String, Map<String, Set<String>>> rated = new HashMap<>();
        for (Rating r : ratings) {
            if (r.batch() != null && batches.containsKey(r.batch()) && r.scale().equals(study.scale())
                    && r.dimension().equals(study.dimension().id())) {
                rated.computeIfAbsent(r.batch(), b -> new HashMap<>())
                        .computeIfAbsent(r.rater(), p -> new HashSet<>()).add(r.dialogueId());
            }
        }
        rated.forEach((batch, raters) -> raters.forEach((rater, dialogues) -> {
            if (dialogues.size() == batches.get(batch).items().size()) {
                completed(batches.get(batch)).add(rater);
            }
        }));
    }

    private Set<String> completed(CrowdStudy.Batch batch) {
        return completedBy.computeIfAbsent(batch.id(), b -> new HashSet<>());
    }

    /** Applies each JSON line of a study-folder journal, cutting a torn last line first. */
    private static void replay(Path file, LineHandler handler) {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines;
        try {
            byte[] bytes = Files.readAllBytes(file);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--; // a torn last line: its write was never acknowledged; cut it before appending
            }
            if (end < bytes.length) {
                try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
                    out.getChannel().truncate(end);
                }
            }
            lines = new String(bytes, 0, end, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonNode event;
            try {
                event = JSON.readTree(line);
            } catch (IOException e) {
                throw new BadInputException(file.toString(), i + 1, null, null, "one JSON event per line", e);
            }
            handler.apply(event, i + 1);
        }
    }

    /** What replay does with one line. */
    private interface LineHandler {
        void apply(JsonNode event, long line);
    }

    private void applyQuestionnaire(JsonNode line, long number) {
        String participant = line.path("participant").asText();
        Assignment a = byParticipant.get(participant);
        if (a == null) {
            throw new BadInputException(questionnaireFile.toString(), number, "participant", participant,
                    "a participant of " + file.getFileName());
        }
        List<Integer> answers = new ArrayList<>();
        line.path("answers").forEach(n -> answers.add(n.asInt()));
        try {
            TorontoEmpathyQuestionnaire.score(answers);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(questionnaireFile.toString(), number, "answers", line.path("answers")
                    .toString(), "16 answers from -2 (never) to 2 (always)", e);
        }
        a.questionnaire = List.copyOf(answers);
    }

    private void apply(JsonNode event, long line) {
        String type = event.path("event").asText();
        String token = event.path("token").asText();
        if (type.equals("assigned")) {
            CrowdStudy.Batch batch = batches.get(event.path("batch").asText());
            if (batch == null) {
                throw new BadInputException(file.toString(), line, "batch", event.path("batch").asText(),
                        "a batch of the study's key");
            }
            add(new Assignment(token, event.path("participant").asText(), event.path("studyId").asText(null),
                    event.path("sessionId").asText(null), batch, event.path("csrf").asText(),
                    event.path("checkPosition").asInt(), event.path("checkLevel").asInt(),
                    Instant.parse(event.path("at").asText()), event.path("receipt").asText()));
            return;
        }
        Assignment a = byToken.get(token);
        if (a == null) {
            throw new BadInputException(file.toString(), line, "token", null, "an assignment made on an earlier line");
        }
        switch (type) {
            case "reclaimed" -> a.state = State.RECLAIMED;
            case "submitted" -> {
                a.state = State.SUBMITTED;
                a.submitted = Instant.parse(event.path("at").asText());
                a.kept = event.path("kept").asBoolean();
                a.attentionPassed = event.path("attentionPassed").asBoolean();
            }
            default -> throw new BadInputException(file.toString(), line, "event", type,
                    "assigned, reclaimed or submitted");
        }
    }

    private void add(Assignment a) {
        byToken.put(a.token, a);
        byParticipant.put(a.participant, a);
        all.add(a);
    }

    /** The assignment with this token, if any. */
    synchronized Optional<Assignment> byToken(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    /** The participant's assignment, if any. */
    synchronized Optional<Assignment> byParticipant(String participant) {
        return Optional.ofNullable(byParticipant.get(participant));
    }

    /**
     * The participant's assignment: their earlier one, or a new one in the batch that most needs a rater, from
     * the condition with the smallest share of its places taken; empty when every place is taken.
     */
    synchronized Optional<Assignment> assign(String participant, String studyId, String sessionId, Instant now) {
        Assignment earlier = byParticipant.get(participant);
        if (earlier != null) {
            return Optional.of(earlier);
        }
        reclaim(now);
        Map<String, Integer> taken = taken();
        Map<String, int[]> byCondition = new HashMap<>();
        for (CrowdStudy.Batch b : batches.values()) {
            int[] c = byCondition.computeIfAbsent(b.condition(), x -> new int[2]);
            c[0] += Math.min(ratersPerBatch, taken.get(b.id()));
            c[1] += ratersPerBatch;
        }
        CrowdStudy.Batch best = null;
        double bestShare = Double.POSITIVE_INFINITY;
        int bestTaken = Integer.MAX_VALUE;
        for (CrowdStudy.Batch b : batches.values()) {
            int t = taken.get(b.id());
            if (t >= ratersPerBatch) {
                continue;
            }
            int[] c = byCondition.get(b.condition());
            double share = (double) c[0] / c[1];
            if (share < bestShare || share == bestShare && t < bestTaken) {
                best = b;
                bestShare = share;
                bestTaken = t;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        int levels = study.dimension().levels().size();
        Assignment a = new Assignment(secret(32), participant, studyId, sessionId, best, secret(16),
                1 + RANDOM.nextInt(best.items().size() + 1),
                study.dimension().levels().get(RANDOM.nextInt(levels)).code(), now,
                secret(6).replace('-', 'X').replace('_', 'Y').toUpperCase(java.util.Locale.ROOT));
        ObjectNode event = JSON.createObjectNode().put("event", "assigned").put("at", now.toString())
                .put("token", a.token).put("participant", participant).put("studyId", studyId)
                .put("sessionId", sessionId).put("batch", best.id()).put("csrf", a.csrf)
                .put("checkPosition", a.checkPosition).put("checkLevel", a.checkLevel).put("receipt", a.receipt);
        write(event);
        add(a);
        return Optional.of(a);
    }

    /** Places taken per batch: completions and active assignments. */
    private Map<String, Integer> taken() {
        Map<String, Integer> taken = new HashMap<>();
        for (CrowdStudy.Batch b : batches.values()) {
            taken.put(b.id(), completed(b).size());
        }
        for (Assignment a : all) {
            if (a.state == State.ACTIVE && !completed(a.batch).contains(a.participant)) {
                taken.merge(a.batch.id(), 1, Integer::sum);
            }
        }
        return taken;
    }

    /** Reclaims the active assignments older than the timeout. */
    synchronized void reclaim(Instant now) {
        for (Assignment a : all) {
            if (a.state == State.ACTIVE && a.assigned.plus(timeout).isBefore(now)) {
                write(JSON.createObjectNode().put("event", "reclaimed").put("at", now.toString()).put("token", a.token));
                a.state = State.RECLAIMED;
            }
        }
    }

    /** A submission to record: whether its ratings were kept and whether its attention check passed. */
    record Submitted(Assignment assignment, boolean kept, boolean attentionPassed) {
    }

    /** Records submissions with one write, after their kept ratings are in the run's journal. */
    synchronized void submitted(List<Submitted> submissions, Instant now) {
        if (submissions.isEmpty()) {
            return;
        }
        List<ObjectNode> events = new ArrayList<>();
        for (Submitted s : submissions) {
            events.add(JSON.createObjectNode().put("event", "submitted").put("at", now.toString())
                    .put("token", s.assignment().token).put("kept", s.kept())
                    .put("attentionPassed", s.attentionPassed()));
        }
        write(file, events);
        for (Submitted s : submissions) {
            Assignment a = s.assignment();
            a.state = State.SUBMITTED;
            a.submitted = now;
            a.kept = s.kept();
            a.attentionPassed = s.attentionPassed();
            if (s.kept()) {
                completed(a.batch).add(a.participant);
            }
        }
    }

    /** Every assignment, in order. */
    synchronized List<Assignment> all() {
        return List.copyOf(all);
    }

    /** Participants whose ratings of the batch are in the run's journal. */
    synchronized int completions(CrowdStudy.Batch batch) {
        return completed(batch).size();
    }

    /** Whether the batch has an active assignment now. */
    synchronized boolean inProgress(CrowdStudy.Batch batch) {
        return all.stream().anyMatch(a -> a.batch == batch && a.state == State.ACTIVE);
    }

    /** Records a participant's questionnaire answers (16 codes, -2 to 2), once. */
    synchronized void answered(Assignment a, List<Integer> answers, Instant now) {
        if (a.questionnaire != null) {
            return;
        }
        ObjectNode line = JSON.createObjectNode().put("participant", a.participant).put("at", now.toString());
        answers.forEach(line.putArray("answers")::add);
        line.put("score", TorontoEmpathyQuestionnaire.score(answers));
        write(questionnaireFile, List.of(line));
        a.questionnaire = List.copyOf(answers);
    }

    private void write(ObjectNode event) {
        write(file, List.of(event));
    }

    /** Appends JSON lines with one write, creating the file readable by its owner only. */
    private static void write(Path file, List<ObjectNode> events) {
        byte[] bytes;
        try {
            StringBuilder lines = new StringBuilder();
            for (ObjectNode event : events) {
                lines.append(JSON.writeValueAsString(event)).append('\n');
            }
            bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an event of " + file, e);
        }
        try {
            if (!Files.exists(file) && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** A random id of {@code bytes} random bytes, URL-safe. */
    static String secret(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
