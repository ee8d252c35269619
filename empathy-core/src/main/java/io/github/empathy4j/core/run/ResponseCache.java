package io.github.empathy4j.core.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.prompt.ChatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replies stored by a hash of what was asked, shared across runs: a folder with one file per key,
 * {@code <first two hex digits>/<sha256>.json}, holding the reply as one journal line. Each file
 * is written to a temporary name and moved into place atomically, so concurrent writers (threads
 * or processes) never leave a partial entry; two writers of one key write the same answer's
 * equivalent and the last move wins.
 */
final class ResponseCache {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);

    private final Path directory;

    ResponseCache(Path directory) {
        this.directory = directory;
    }

    /** The key: SHA-256 (hex) of a canonical JSON of spec, parameters (sorted) and messages. */
    static String key(String spec, Map<String, String> parameters, List<ChatMessage> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = ReplyJournal.JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("spec", spec);
            g.writeObjectFieldStart("parameters");
            for (Map.Entry<String, String> p : new TreeMap<>(parameters).entrySet()) {
                g.writeStringField(p.getKey(), p.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("messages");
            for (ChatMessage m : messages) {
                g.writeStartObject();
                g.writeStringField("role", m.role().name());
                g.writeStringField("text", m.text());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode cache key", e);
        }
        return sha256(out.toByteArray());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private Path file(String key) {
        return directory.resolve(key.substring(0, 2)).resolve(key + ".json");
    }

    /** The stored reply, or {@code null} when there is none (an unreadable entry counts as none, with a warning). */
    Reply get(String key) {
        Path file = file(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cache entry " + file, e);
        }
        try {
            return ReplyJournal.parse(bytes, file.toString(), 1);
        } catch (JsonProcessingException | BadInputException e) {
            LOG.warn("{}: unreadable cache entry, calling the model again: {}", file, e.getMessage());
            return null;
        }
    }

    /** Stores a reply under the key. */
    void put(String key, Reply reply) {
        Path file = file(key);
        try {
            Files.createDirectories(file.getParent());
            RunDirectory.replace(file, ReplyJournal.line(reply));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cache entry " + file, e);
        }
    }
}
