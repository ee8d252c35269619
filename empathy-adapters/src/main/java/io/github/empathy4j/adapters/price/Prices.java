package io.github.empathy4j.adapters.price;

import io.github.empathy4j.adapters.ModelSpec;
import io.github.empathy4j.core.BadInputException;
import io.github.empathy4j.core.ConfigurationException;
import io.github.empathy4j.core.TokenUsage;
import io.github.empathy4j.core.run.Pricing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The price table: what each model costs per million tokens, shipped as a dated CSV file
 * ({@code io/github/empathy4j/adapters/price/prices.csv}) and extended or overridden by a user's file of the same
 * shape. A model that is in neither has no price ("price unknown"): never a guess.
 * <pre>{@code
 * Prices prices = Prices.load().withOverrides(Path.of("my-prices.csv"));
 * Optional<Cost> cost = prices.cost("openai", "gpt-4o", new TokenUsage(1200, 300), true); // batch prices
 * }</pre>
 *
 * <p>The file: {@code #} comment lines and blank lines are skipped; the first other line is the header
 * {@value #HEADER}; then one model a line. {@code input} and {@code output} (required) and
 * {@code batch_input} and {@code batch_output} (both or neither) are US dollars per million tokens, plain
 * decimals such as {@code 2.50}; {@code checked} is the ISO date the prices were checked; {@code aliases} are
 * other names of the model, separated by spaces; {@code source} says where the prices are published. Fields
 * hold no commas and no quotes.
 *
 * <p>Matching: a model is found by its exact name or one of its listed aliases (the dated snapshots a provider
 * reports, such as {@code gpt-4o-2024-08-06} for {@code gpt-4o}), within its provider; no prefix or pattern is
 * ever matched, since snapshots of one name can differ in price. A user's row replaces the built-in row of the
 * same provider and model, aliases included; a user's alias wins over a built-in alias but may not be another
 * model's name.
 * Instances are immutable.
 */
public final class Prices {

    /** The header line of a price file. */
    public static final String HEADER = "provider,model,input,output,batch_input,batch_output,checked,aliases,source";

    /** The environment variable the CLI reads a user's price file from, when no {@code --prices} is given. */
    public static final String FILE_VARIABLE = "EMPATHY_PRICES";

    private static final String RESOURCE = "prices.csv";
    private static final List<String> COLUMNS = List.of(HEADER.split(","));
    private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");

    /** Each model under its provider, by name and by alias; names first. */
    private final Map<String, Price> byName;
    private final Map<String, Price> byAlias;

    private Prices(Map<String, Price> byName, Map<String, Price> byAlias) {
        this.byName = Collections.unmodifiableMap(byName);
        this.byAlias = Collections.unmodifiableMap(byAlias);
    }

    /** The built-in table. */
    public static Prices load() {
        try (InputStream in = Prices.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new ConfigurationException("the built-in price table " + RESOURCE + " is missing from the class path");
            }
            return of(parse(new InputStreamReader(in, StandardCharsets.UTF_8), "built-in " + RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * This table with a user's file on top: its rows replace the rows of the same provider and model and add
     * the others.
     *
     * @throws BadInputException naming the file, line and field of a bad row
     * @throws ConfigurationException when the file cannot be read
     */
    public Prices withOverrides(Path file) {
        Objects.requireNonNull(file, "file");
        List<Price> user;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            user = parse(reader, file.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("price file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigurationException("cannot read price file " + file + ": " + e.getMessage(), e);
        }
        Map<String, Price> names = new LinkedHashMap<>(byName);
        Map<String, Price> aliases = new LinkedHashMap<>(byAlias);
        for (Price price : user) {
            Price replaced = names.put(key(price.provider(), price.model()), price);
            if (replaced != null) {
                replaced.aliases().forEach(a -> aliases.remove(key(price.provider(), a)));
            }
        }
        for (Price p : user) {
            for (String alias : p.aliases()) {
                Price named = names.get(key(p.provider(), alias));
                if (named != null) {
                    throw new ConfigurationException("price file " + file + ": the alias " + alias + " of "
                            + p.provider() + ":" + p.model() + " is the name of another priced model ("
                            + named.source() + "); remove the alias or that model's row");
                }
                aliases.put(key(p.provider(), alias), p);
            }
        }
        return new Prices(names, aliases);
    }

    private static Prices of(List<Price> prices) {
        Map<String, Price> names = new LinkedHashMap<>();
        Map<String, Price> aliases = new LinkedHashMap<>();
        for (Price p : prices) {
            names.put(key(p.provider(), p.model()), p);
            p.aliases().forEach(a -> aliases.put(key(p.provider(), a), p));
        }
        return new Prices(names, aliases);
    }

    /** The price of a model by its exact name or a listed alias; empty when unknown. */
    public Optional<Price> price(String provider, String model) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        String key = key(provider, model);
        Price price = byName.get(key);
        return Optional.ofNullable(price != null ? price : byAlias.get(key));
    }

    /**
     * What the tokens cost on a model, at its batch prices when {@code batch}.
     *
     * @return the exact cost; empty when the model, or its batch price, is unknown
     */
    public Optional<Cost> cost(String provider, String model, TokenUsage usage, boolean batch) {
        Objects.requireNonNull(usage, "usage");
        return price(provider, model).flatMap(p -> p.cost(usage, batch));
    }

    /**
     * This table as the run engine's {@link Pricing}: a call is priced by the model its spec names (a preset is
     * resolved), else by the model the provider said answered (a dated snapshot listed as an alias), within the
     * spec's provider; its cost is unknown when neither has a price, when the spec is not a model spec (the human
     * reference, a replay) or when the provider reported no tokens. Azure OpenAI specs name deployments, which only
     * a user's file can price.
     */
    public Pricing pricing() {
        return new Pricing() {
            @Override
            public Optional<BigDecimal> cost(String spec, String answeredModel, TokenUsage usage, boolean batch) {
                Objects.requireNonNull(usage, "usage");
                if (usage.totalTokens() == 0) {
                    return Optional.empty(); // not reported: unknown, never $0
                }
                return spec(spec).flatMap(s -> Prices.this.cost(s.provider(), s.model(), usage, batch)
                        .or(() -> answeredModel == null || answeredModel.isBlank() ? Optional.empty()
                                : Prices.this.cost(s.provider(), answeredModel, usage, batch)))
                        .map(Cost::total);
            }

            @Override
            public OptionalLong maxOutputTokens(String spec) {
                return spec(spec).flatMap(ModelSpec::maxTokens).map(OptionalLong::of).orElse(OptionalLong.empty());
            }

            @Override
            public String toString() {
                return "Pricing[" + Prices.this + "]";
            }
        };
    }

    private static Optional<ModelSpec> spec(String text) {
        try {
            return Optional.of(ModelSpec.parse(text));
        } catch (ConfigurationException e) {
            return Optional.empty(); // not a model spec: a human reference, a replay, a crowd rater
        }
    }

    /** Every priced model, in file order (built-in rows first). */
    public List<Price> prices() {
        return List.copyOf(byName.values());
    }

    private static String key(String provider, String model) {
        return provider + ":" + model;
    }

    /** Reads a price file; {@code source} names it in errors. */
    static List<Price> parse(java.io.Reader in, String source) throws IOException {
        BufferedReader reader = in instanceof BufferedReader b ? b : new BufferedReader(in);
        List<Price> prices = new ArrayList<>();
        Map<String, Long> seen = new LinkedHashMap<>();
        boolean header = false;
        long number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            String text = number == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
            if (text.isBlank() || text.stripLeading().startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!text.strip().equals(HEADER)) {
                    throw new BadInputException(source, number, null, text, "expected the header line " + HEADER);
                }
                header = true;
                continue;
            }
            Price price = row(text, source, number);
            for (String name : names(price)) {
                Long before = seen.putIfAbsent(key(price.provider(), name), number);
                if (before != null) {
                    throw new BadInputException(source, number, "model", name, "expected each model and alias"
                            + " once per provider; " + price.provider() + ":" + name + " is already on line " + before);
                }
            }
            prices.add(price);
        }
        if (!header) {
            throw new BadInputException(source, 0, null, null, "expected the header line " + HEADER);
        }
        return prices;
    }

    private static List<String> names(Price price) {
        List<String> names = new ArrayList<>(price.aliases());
        names.add(0, price.model());
        return names;
    }

    private static Price row(String text, String source, long line) {
        String[] fields = text.split(",", -1);
        if (fields.length != COLUMNS.size()) {
            throw new BadInputException(source, line, null, text, "expected " + COLUMNS.size() + " fields ("
                    + HEADER + "), found " + fields.length + "; fields hold no commas");
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i++) {
            String value = fields[i].strip();
            if (value.contains("\"")) {
                throw new BadInputException(source, line, COLUMNS.get(i), value, "expected a field without quotes");
            }
            row.put(COLUMNS.get(i), value);
        }
        String provider = row.get("provider");
        if (!PROVIDER.matcher(provider).matches()) {
            throw new BadInputException(source, line, "provider", provider,
                    "expected a provider id in lower case, such as openai");
        }
        String model = row.get("model");
        if (model.isEmpty() || model.contains(" ")) {
            throw new BadInputException(source, line, "model", model, "expected the provider's model name, such as gpt-4o");
        }
        BigDecimal input = money(row, "input", source, line, true);
        BigDecimal output = money(row, "output", source, line, true);
        BigDecimal batchInput = money(row, "batch_input", source, line, false);
        BigDecimal batchOutput = money(row, "batch_output", source, line, false);
        if ((batchInput == null) != (batchOutput == null)) {
            String missing = batchInput == null ? "batch_input" : "batch_output";
            throw new BadInputException(source, line, missing, "", "expected batch_input and batch_output both, "
                    + "or neither when the batch price is unknown");
        }
        LocalDate checked;
        try {
            checked = LocalDate.parse(row.get("checked"));
        } catch (DateTimeParseException e) {
            throw new BadInputException(source, line, "checked", row.get("checked"),
                    "expected the date the prices were checked, as YYYY-MM-DD");
        }
        String aliases = row.get("aliases");
        List<String> names = aliases.isEmpty() ? List.of() : Arrays.asList(aliases.split("\\s+"));
        Optional<Price.Rates> batch = batchInput == null ? Optional.empty()
                : Optional.of(new Price.Rates(batchInput, batchOutput));
        return new Price(provider, model, input, output, batch, checked, names, row.get("source"));
    }

    private static BigDecimal money(Map<String, String> row, String column, String source, long line,
            boolean required) {
        String value = row.get(column);
        if (value.isEmpty() && !required) {
            return null;
        }
        if (!DECIMAL.matcher(value).matches()) {
            throw new BadInputException(source, line, column, value, "expected US dollars per million tokens, "
                    + "a plain decimal such as 2.50" + (required ? "" : ", or nothing when unknown"));
        }
        return new BigDecimal(value);
    }

    @Override
    public String toString() {
        return "Prices[" + byName.size() + " models]";
    }
}
