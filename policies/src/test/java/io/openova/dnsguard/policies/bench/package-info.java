/** JMH benchmarks of the rule book; run with {@code mvn -B -pl policies -Pbench verify} (see BENCHMARKS-policies.md). */
@NullMarked
package io.openova.dnsguard.policies.bench;

import org.jspecify.annotations.NullMarked;
