/**
 * The sync loop: objects → claims and decisions (the policy again, defence in depth) → desired
 * record sets → a plan per zone (Planner + SyncMode) → the provider. {@link
 * io.openova.dnsguard.reconciler.loop.ReconcileLoop#runOnce()} reads as that pipeline; {@link
 * io.openova.dnsguard.reconciler.loop.LoopRunner} decides when it runs (debounced changes, periodic
 * resync, back-off after failures, only while leading).
 */
@NullMarked
package io.openova.dnsguard.reconciler.loop;

import org.jspecify.annotations.NullMarked;
