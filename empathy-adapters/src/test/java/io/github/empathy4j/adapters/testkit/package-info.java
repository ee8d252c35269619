/**
 * The contract test kit: extend {@link io.github.empathy4j.adapters.testkit.RespondentContractTest} to prove
 * an adapter against a local WireMock server speaking the provider's wire format.
 *
 * <p>It ships as the {@code empathy-adapters} test-jar. A vendor's {@code pom.xml} (versions as in
 * empathy4j's parent pom):
 * <pre>{@code
 * <dependency>
 *   <groupId>io.github.empathy4j</groupId>
 *   <artifactId>empathy-adapters</artifactId>
 *   <version>${empathy4j.version}</version>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 * </dependency>
 * <!-- a test-jar brings no dependencies of its own: add what the kit uses,
 *   org.wiremock:wiremock:3.13.2, org.junit.jupiter:junit-jupiter:5.14.4,
 *   org.assertj:assertj-core:3.27.7 and org.slf4j:slf4j-simple:2.0.20, all in test scope -->
 * }</pre>
 * The built-in providers' tests ({@code OpenAiProviderTest}, {@code GeminiProviderTest}, ...) are worked
 * examples.
 */
package io.github.empathy4j.adapters.testkit;
