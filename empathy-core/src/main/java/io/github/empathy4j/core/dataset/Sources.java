package io.github.empathy4j.core.dataset;

import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.EmpathyException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Opening UTF-8 text files and turning I/O failures into messages that name the file (and line). */
final class Sources {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private Sources() {
    }

    /** A strict UTF-8 reader (malformed input throws) positioned after a byte-order mark, if any. */
    static BufferedReader open(Path file) throws IOException {
        BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            in.mark(1);
            if (in.read() != BYTE_ORDER_MARK) {
                in.reset();
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * The exception to throw for an I/O failure while reading {@code file}: a {@link BadInputException}
     * with the line of the first invalid byte for a decoding failure, else an {@link EmpathyException}
     * naming the file and the reason.
     */
    static EmpathyException failure(Path file, IOException e) {
        if (e instanceof CharacterCodingException) {
            BadInputException located = locateInvalidUtf8(file, e);
            if (located != null) {
                return located;
            }
        }
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "no such file";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else {
            reason = e.toString();
        }
        return new EmpathyException("cannot read " + file + ": " + reason, e);
    }

    /** The exception for a file with no header line. */
    static BadInputException empty(Path file, String expected) {
        return new BadInputException(file.toString(), 0, null, null, "the file is empty; expected " + expected);
    }

    /**
     * Finds the first byte that is not valid UTF-8 and its line. A line feed byte never occurs inside
     * a multi-byte UTF-8 sequence, so counting line feeds before the bad byte gives its line exactly.
     */
    private static BadInputException locateInvalidUtf8(Path file, IOException cause) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
        CharBuffer chars = CharBuffer.allocate(1 << 16);
        long line = 1;
        long offset = 0;
        try (InputStream in = Files.newInputStream(file)) {
            boolean end = false;
            while (true) {
                if (!end) {
                    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                    if (n < 0) {
                        end = true;
                    } else {
                        bytes.position(bytes.position() + n);
                    }
                }
                bytes.flip();
                int start = bytes.position();
                CoderResult result = decoder.decode(bytes, chars, end);
                for (int i = start; i < bytes.position(); i++) {
                    if (bytes.get(i) == '\n') {
                        line++;
                    }
                }
                offset += bytes.position() - start;
                if (result.isError()) {
                    String value = String.format(Locale.ROOT, "0x%02X", bytes.get(bytes.position()) & 0xFF);
                    return new BadInputException(file.toString(), line, null, value, String.format(Locale.ROOT,
                            "expected UTF-8 text, but the byte at offset %d is not valid UTF-8; save the file as UTF-8",
                            offset), cause);
                }
                chars.clear();
                bytes.compact();
                if (end && bytes.position() == 0) {
                    return null;
                }
            }
        } catch (IOException e) {
            return null;
        }
    }
}
