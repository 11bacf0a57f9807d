/**
 * The plan: desired record sets versus the records a zone holds now, turned into ordered change
 * groups by {@link io.openova.dnsguard.policies.plan.Planner}. Pure: no I/O, no logging, no
 * metrics, inputs never mutated; the webhook and the {@code plan} command can preview a sync with it.
 */
@NullMarked
package io.openova.dnsguard.policies.plan;

import org.jspecify.annotations.NullMarked;
