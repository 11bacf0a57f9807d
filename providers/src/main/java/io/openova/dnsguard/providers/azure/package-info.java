/**
 * Azure DNS through Azure Resource Manager (api-version 2018-05-01) with Entra ID tokens
 * (client secret or workload identity). {@link io.openova.dnsguard.providers.azure.AzureProvider}
 * is the entry; {@code AzureClient} is the only class on the wire, {@code AzureRecordMapper} the
 * pure translation, {@link io.openova.dnsguard.providers.azure.AzureOptions} the
 * command-line wiring.
 */
@NullMarked
package io.openova.dnsguard.providers.azure;

import org.jspecify.annotations.NullMarked;
