package io.github.empathy4j.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    @Test
    void redactsWellKnownKeyShapesWithoutRegistration() {
        String text = "keys sk-proj-AbCdEf0123456789xyz, sk-ant-api03-AbCdEf0123456789_xy-Z, "
                + "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUv, gsk_abcdefghijklmnop1234, hf_ABCDEFGHIJKLMNOPQRST, "
                + "xai-abcdefghijklmnop1234 and Authorization: Bearer eyJhbGciOi.J9xyz-abc_123==";

        String redacted = Secrets.redact(text);

        assertThat(redacted).isEqualTo("keys [redacted], [redacted], [redacted], [redacted], [redacted], "
                + "[redacted] and Authorization: Bearer [redacted]");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "a risk-assessment-framework-overview and the task-oriented approach; sk-short; Bearer";
        assertThat(Secrets.redact(text)).isEqualTo(text);
        assertThat(Secrets.redact(null)).isNull();
    }

    @Test
    void redactsRegisteredSecretsInTextExceptionsAndCauses() {
        String key = "plainkey-7d41c0e9b2a6";
        assertThat(Secrets.redact("invalid key " + key)).contains(key);
        Secrets.register(key);
        Secrets.register("short");

        assertThat(Secrets.redact("invalid key " + key + ".")).isEqualTo("invalid key [redacted].");
        assertThat(Secrets.redact("a short word")).isEqualTo("a short word");
        EmpathyException e = new EmpathyException("rejected " + key);
        assertThat(e.getMessage()).isEqualTo("rejected [redacted]");
        Throwable copy = Secrets.redacted(new IllegalStateException("outer " + key,
                new java.io.IOException("inner " + key)));
        assertThat(copy.toString()).isEqualTo("java.lang.IllegalStateException: outer [redacted]");
        assertThat(copy.getCause().toString()).isEqualTo("java.io.IOException: inner [redacted]");
    }
}
