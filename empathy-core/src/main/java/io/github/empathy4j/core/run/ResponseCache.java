package io.github.empathy4j.core.run;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.FinishReason;
import io.github.empathy4j.core.Reply;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.prompt.ChatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Replies stored by a hash of what was asked, shared across runs and processes: one SQLite database,
 * {@value #FILE_NAME} in the cache folder, which {@code sqlite3} can open. Its table {@code reply} has the columns
 * {@code key} (the {@link #key} of what was asked), {@code spec}, {@code model}, {@code text},
 * {@code finish_reason}, {@code input_tokens}, {@code output_tokens}, {@code latency_ms}, {@code attempts} and
 * {@code time_ns} (when the reply arrived, nanoseconds since 1970 UTC: {@code datetime(time_ns / 1e9, 'unixepoch')}).
 * A judge's score ({@link RatingRun} with a cache) is stored as a reply whose spec and model are the judge's name
 * and whose text is {@code {"value": 3, "rationale": "..."}}.
 *
 * <pre>{@code
 * try (ResponseCache cache = ResponseCache.open(Path.of("cache"))) {
 *     System.out.println(cache.stats().entries() + " replies");
 *     cache.prune(Instant.now().minus(Duration.ofDays(30)), List.of());
 * }
 * }</pre>
 *
 * <p>The database is written in WAL mode (readers never wait for a writer), each reply in its own
 * transaction, and waits up to {@link #BUSY_TIMEOUT} for another process's write; two writers of one key
 * store equivalent answers and the first stays. The file is created with the first reply stored, so a cache
 * that never stores anything leaves no file. Methods are thread-safe. Per-file caches of earlier versions
 * ({@code DIR/ab/<sha256>.json}) are not read; opening a folder that has them logs how to remove them.
 */
public final class ResponseCache implements AutoCloseable {

    /** The database's file name inside the cache folder. */
    public static final String FILE_NAME = "cache.sqlite";

    /** How long a write waits for another process's write before it fails. */
    public static final Duration BUSY_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);
    private static final String COLUMNS = "spec, model, text, finish_reason, input_tokens, output_tokens,"
            + " latency_ms, attempts, time_ns";

    private final Path file;
    private final Duration busyTimeout;
    private Connection connection;
    private PreparedStatement select;
    private PreparedStatement insert;

    private ResponseCache(Path file, Duration busyTimeout) {
        this.file = file;
        this.busyTimeout = busyTimeout;
    }

    /**
     * Opens the cache in a folder; when the folder already has a database it is opened and checked now, else it
     * is created with the first {@link #put}.
     *
     * @throws ConfigurationException when {@value #FILE_NAME} is not a response cache (corrupt, or another file),
     *         or another process keeps it locked, naming the file
     */
    public static ResponseCache open(Path directory) {
        return open(directory, BUSY_TIMEOUT);
    }

    /** {@link #open(Path)} with another busy timeout. */
    static ResponseCache open(Path directory, Duration busyTimeout) {
        Objects.requireNonNull(directory, "directory");
        ResponseCache cache = new ResponseCache(directory.resolve(FILE_NAME), busyTimeout);
        warnOfFileEntries(directory);
        if (Files.exists(cache.file)) {
            synchronized (cache) {
                cache.connect();
            }
        }
        return cache;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** The key: SHA-256 (hex) of a canonical JSON of spec, parameters (sorted) and messages. */
    public static String key(String spec, Map<String, String> parameters, List<ChatMessage> messages) {
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

    /**
     * The stored reply as the given item's reply (its condition, dialogue and parameters; the stored text,
     * finish reason, model, usage, latency, attempts and time), or {@code null} when there is none.
     *
     * @throws ConfigurationException when the database is corrupt or locked, naming the file
     */
    public synchronized Reply get(String key, String condition, String dialogueId, Map<String, String> parameters) {
        if (connection == null && !Files.exists(file)) {
            return null;
        }
        connect();
        try {
            select.setString(1, key);
            try (ResultSet r = select.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                FinishReason finish;
                try {
                    finish = FinishReason.valueOf(r.getString(4));
                } catch (IllegalArgumentException | NullPointerException e) {
                    LOG.warn("{}: entry {} has the finish reason '{}', none of {}; calling the model again", file, key,
                            r.getString(4), List.of(FinishReason.values()));
                    return null;
                }
                return new Reply(condition, dialogueId, r.getString(3), finish, r.getString(2), parameters,
                        new TokenUsage(r.getLong(5), r.getLong(6)), Duration.ofMillis(r.getLong(7)),
                        Math.max(1, r.getInt(8)), instant(r.getLong(9)));
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    /**
     * Stores a reply under the key, with the spec it answered as; a key already stored keeps its reply.
     *
     * @throws ConfigurationException when the database is corrupt or another process keeps it locked longer than
     *         {@link #BUSY_TIMEOUT}, naming the file
     * @throws UncheckedIOException when it cannot be written (disk full, no permission), naming the file
     */
    public synchronized void put(String key, String spec, Reply reply) {
        connect();
        try {
            insert.setString(1, key);
            insert.setString(2, spec);
            insert.setString(3, reply.model());
            insert.setString(4, reply.text());
            insert.setString(5, reply.finishReason().name());
            insert.setLong(6, reply.usage().inputTokens());
            insert.setLong(7, reply.usage().outputTokens());
            insert.setLong(8, reply.latency().toMillis());
            insert.setInt(9, reply.attempts());
            insert.setLong(10, nanos(reply.time()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    /**
     * What the cache holds: per spec, how many replies and the oldest and newest; the specs in alphabetical order.
     *
     * @param file the database file
     * @param bytes the size on disk of the database and its WAL and shared-memory files; 0 when there is none yet
     * @param specs the replies of each spec
     */
    public record Stats(Path file, long bytes, List<SpecStats> specs) {

        public Stats {
            specs = List.copyOf(specs);
        }

        /** How many replies the cache holds. */
        public long entries() {
            return specs.stream().mapToLong(SpecStats::entries).sum();
        }
    }

    /**
     * The replies of one spec.
     *
     * @param spec the spec, such as {@code openai:gpt-4o}
     * @param entries how many replies
     * @param oldest when the oldest arrived
     * @param newest when the newest arrived
     */
    public record SpecStats(String spec, long entries, Instant oldest, Instant newest) {
    }

    /**
     * What the cache holds.
     *
     * @throws ConfigurationException when the database is corrupt or locked, naming the file
     */
    public synchronized Stats stats() {
        List<SpecStats> specs = new ArrayList<>();
        if (connection != null || Files.exists(file)) {
            connect();
            try (Statement s = connection.createStatement();
                    ResultSet r = s.executeQuery("SELECT spec, count(*), min(time_ns), max(time_ns) FROM reply"
                            + " GROUP BY spec ORDER BY spec")) {
                while (r.next()) {
                    specs.add(new SpecStats(r.getString(1), r.getLong(2), instant(r.getLong(3)),
                            instant(r.getLong(4))));
                }
            } catch (SQLException e) {
                throw failure("read", e);
            }
        }
        long bytes = 0;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path f = file.resolveSibling(file.getFileName() + suffix);
            try {
                bytes += Files.exists(f) ? Files.size(f) : 0;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the size of " + f, e);
            }
        }
        return new Stats(file, bytes, specs);
    }

    /**
     * Deletes the replies that arrived before {@code before} ({@code null}: at any time) and whose spec is one of
     * {@code specs} (empty: any spec), then compacts the file when something was deleted.
     *
     * @return how many replies were deleted
     * @throws ConfigurationException when the database is corrupt or another process keeps it locked, naming the file
     */
    public synchronized long prune(Instant before, Collection<String> specs) {
        Objects.requireNonNull(specs, "specs");
        if (connection == null && !Files.exists(file)) {
            return 0;
        }
        connect();
        StringBuilder sql = new StringBuilder("DELETE FROM reply WHERE 1 = 1");
        if (before != null) {
            sql.append(" AND time_ns < ?");
        }
        if (!specs.isEmpty()) {
            sql.append(" AND spec IN (").append("?, ".repeat(specs.size() - 1)).append("?)");
        }
        long deleted;
        try (PreparedStatement delete = connection.prepareStatement(sql.toString())) {
            int i = 1;
            if (before != null) {
                delete.setLong(i++, nanos(before));
            }
            for (String spec : specs) {
                delete.setString(i++, spec);
            }
            deleted = delete.executeUpdate();
        } catch (SQLException e) {
            throw failure("prune", e);
        }
        if (deleted > 0) {
            close(); // VACUUM needs a connection without statements in progress
            connect();
            try (Statement s = connection.createStatement()) {
                s.execute("VACUUM");
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (SQLException e) {
                throw failure("compact", e);
            }
        }
        return deleted;
    }

    /** Closes the database; the cache opens it again when used. */
    @Override
    public synchronized void close() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        } finally {
            connection = null;
            select = null;
            insert = null;
        }
    }

    /** Opens the database (creating it and its folder) unless open: WAL mode, the busy timeout, the table. */
    private void connect() {
        if (connection != null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cache folder " + file.toAbsolutePath().getParent(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) busyTimeout.toMillis());
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS reply (key TEXT PRIMARY KEY NOT NULL, spec TEXT NOT NULL,"
                        + " model TEXT NOT NULL, text TEXT NOT NULL, finish_reason TEXT NOT NULL,"
                        + " input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,"
                        + " latency_ms INTEGER NOT NULL, attempts INTEGER NOT NULL, time_ns INTEGER NOT NULL)");
            }
            select = c.prepareStatement("SELECT " + COLUMNS + " FROM reply WHERE key = ?");
            insert = c.prepareStatement("INSERT OR IGNORE INTO reply (key, " + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            connection = c;
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw failure("open", e);
        }
    }

    /** An instant as nanoseconds since 1970 UTC, which a {@code long} holds until the year 2262. */
    private static long nanos(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** A failure in the user's terms, naming the file: corrupt or locked databases say what to do. */
    private RuntimeException failure(String doing, SQLException e) {
        int code = e.getErrorCode() & 0xFF;
        if (code == SQLiteErrorCode.SQLITE_NOTADB.code || code == SQLiteErrorCode.SQLITE_CORRUPT.code) {
            return new ConfigurationException("the response cache " + file + " is not a readable SQLite database ("
                    + e.getMessage() + "); move it aside or delete it, and the cache fills again as runs answer", e);
        }
        if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return new ConfigurationException("the response cache " + file + " is locked: another process has held it"
                    + " for more than " + busyTimeout.toMillis() / 1000.0 + " s; wait for it, or use another cache folder", e);
        }
        return new UncheckedIOException("cannot " + doing + " the response cache " + file,
                new IOException(e.getMessage(), e));
    }

    /** Logs once when the folder holds a per-file cache of an earlier version, which is not read. */
    private static void warnOfFileEntries(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                p -> Files.isDirectory(p) && p.getFileName().toString().matches("[0-9a-f]{2}"))) {
            if (entries.iterator().hasNext()) {
                LOG.warn("{} holds a cache of an earlier version (one file per reply, in folders 00 to ff), which is"
                        + " no longer read; replies are cached in {}. Delete those folders to free the space.",
                        directory, FILE_NAME);
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", directory, e.getMessage());
        }
    }
}
