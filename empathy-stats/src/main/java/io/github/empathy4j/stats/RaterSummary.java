package io.github.empathy4j.stats;

import java.util.List;

/**
 * Who rated which conditions in an analysis.
 *
 * <p>JSON fields: {@code source}, {@code kind}, {@code description}, {@code conditions}, {@code ratings},
 * {@code replies}, {@code maxRatingsPerReply}, {@code perReply}.
 *
 * @param source the source's name: a judge's spec, a panel's name or {@code crowd}
 * @param kind {@code judge}, {@code panel} or {@code crowd}
 * @param description a phrase for reports, such as {@code LLM judge openai:gpt-4o}
 * @param conditions the conditions this source's ratings are analysed for
 * @param ratings the source's ratings used
 * @param replies the replies they rate (the unit of analysis)
 * @param maxRatingsPerReply the most ratings one reply had from this source
 * @param perReply how several ratings of one reply became one: {@code majority} or {@code mean}
 *     ({@link io.github.empathy4j.core.rating.Combination}), or {@code single} when every reply had one rating
 */
public record RaterSummary(String source, String kind, String description, List<String> conditions, long ratings,
        long replies, int maxRatingsPerReply, String perReply) {

    public RaterSummary {
        conditions = List.copyOf(conditions);
    }
}
