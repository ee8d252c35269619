package io.github.empathy4j.examples.cli;

import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.core.ConfigurationException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks a {@code --model} or {@code --judge} value while the command line is parsed, so that a malformed spec
 * (bad syntax, unknown option, {@code temperature=3}) is a usage error (exit 2) before any work starts.
 */
final class SpecArgument implements ITypeConverter<String> {

    @Override
    public String convert(String value) {
        try {
            ModelSpec.parse(spec(value));
        } catch (ConfigurationException e) {
            throw new TypeConversionException(e.getMessage());
        }
        return value;
    }

    /** The spec of {@code SPEC} or {@code NAME=SPEC}: a head with no {@code :} or {@code ?} before {@code =} is a name. */
    static String spec(String argument) {
        int equals = argument.indexOf('=');
        return name(argument) == null ? argument : argument.substring(equals + 1);
    }

    /** The condition name of {@code NAME=SPEC}, or {@code null} for a bare spec. */
    static String name(String argument) {
        int equals = argument.indexOf('=');
        String head = equals < 0 ? "" : argument.substring(0, equals);
        return equals > 0 && head.indexOf(':') < 0 && head.indexOf('?') < 0 ? head : null;
    }
}
