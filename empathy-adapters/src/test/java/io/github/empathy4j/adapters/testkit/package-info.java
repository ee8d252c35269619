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
 * <!-- a test-jar brings no dependencies of its own: add what the kit uses -->
 * <dependency><groupId>org.wiremock</groupId><artifactId>wiremock</artifactId><version>3.13.2</version><scope>test</scope></dependency>
 * <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.14.4</version><scope>test</scope></dependency>
 * <dependency><groupId>org.assertj</groupId><artifactId>assertj-core</artifactId><version>3.27.7</version><scope>test</scope></dependency>
 * <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>2.0.20</version><scope>test</scope></dependency>
 * }</pre>
 * The built-in providers' tests ({@code OpenAiProviderTest}, {@code GeminiProviderTest}, ...) are worked
 * examples.
 */
package io.github.empathy4j.adapters.testkit;
