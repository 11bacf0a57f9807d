package io.openova.dnsguard.providers.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.commandline.Arguments;
import io.openova.dnsguard.commandline.Arguments.UsageException;
import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.Conflict;
import io.openova.dnsguard.policies.plan.Desired;
import io.openova.dnsguard.policies.plan.Ownership;
import io.openova.dnsguard.policies.plan.Plan;
import io.openova.dnsguard.policies.plan.Planner;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import io.openova.dnsguard.provider.ChangeBatch;
import io.openova.dnsguard.provider.ProviderException;
import io.openova.dnsguard.provider.ProviderOptions;
import io.openova.dnsguard.provider.Zone;
import io.openova.dnsguard.providers.stub.StubServer;
import io.openova.dnsguard.providers.stub.Strict;
import io.openova.dnsguard.provider.support.FakeTime;
import io.openova.dnsguard.provider.support.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Azure specifics: conditional writes (412), alias record sets, TXT arrays, tokens, options. */
class AzureProviderTest {

  private final FakeTime time = new FakeTime();
  private AzureStub api;
  private StubServer server;
  private final Zone zone = new Zone("example.test", Hostname.of("example.test"));

  @BeforeEach
  void start() {
    api = new AzureStub(2);
    server = StubServer.start(api);
    api.at(server.uri());
    api.addZone("example.test");
  }

  @AfterEach
  void stop() {
    try {
      AzureFixtures.assertWellFormed(server.requests());
    } finally {
      server.close();
    }
  }

  private AzureProvider provider(AzureConfig.Credentials credentials) {
    return AzureFixtures.provider(AzureFixtures.config(server, credentials), time);
  }

  @Test
  void apply_recordSetChangedSinceRead_refusedWith412AndNotOverwritten() {
    AzureProvider provider = provider(AzureFixtures.secret());
    RecordSet read = RecordSet.of("www.example.test", RecordType.A, 300, "192.0.2.1");
    AzureFixtures.seed(api, zone, List.of(read));
    provider.records(zone);
    AzureFixtures.seed(api, zone, List.of(read.withValues(List.of("198.51.100.5")))); // someone else, meanwhile

    assertThatThrownBy(() -> provider.apply(zone, new ChangeBatch(List.of(new ChangeGroup(read.name(),
        List.of(new Change.Update(read, read.withValues(List.of("192.0.2.9")))))))))
        .isInstanceOfSatisfying(ProviderException.Refused.class, e -> assertThat(e.status()).isEqualTo(412))
        .hasMessageContaining("azure: zone example.test: PUT A www refused (HTTP 412): PreconditionFailed")
        .hasMessageContaining("the next sync reads it again");
    assertThat(provider.records(zone)).contains(read.withValues(List.of("198.51.100.5")));
  }

  @Test
  void records_aliasRecordSet_readAsAliasSoThePlannerLeavesTheNameAlone() {
    AzureProvider provider = provider(AzureFixtures.secret());
    ObjectNode alias = Strict.json().createObjectNode();
    alias.putObject("targetResource").put("id", "/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/"
        + "trafficManagerProfiles/tm");
    api.put("example.test", "A", "app", 60, alias);

    List<RecordSet> sets = provider.records(zone);
    Plan plan = new Planner(new Ownership("az-owner", new TxtNameMapper("_externaldns.", "", ""), TxtFormat.NEW,
        TxtRecordCodec.plain())).plan(zone.name(), List.of(new Desired(
            RecordSet.of("app.example.test", RecordType.A, 300, "192.0.2.1"), "service/ns/app")), sets);

    assertThat(sets).anySatisfy(s -> assertThat(s.type()).isEqualTo(RecordType.ALIAS));
    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.conflicts()).extracting(Conflict::name).containsExactly(Hostname.of("app.example.test"));
  }

  @Test
  void apply_longTxt_writtenAsArrayOfUnquotedStringsAndReadBackJoined() {
    AzureProvider provider = provider(AzureFixtures.secret());
    String text = "v=DKIM1; \"q\" " + "k".repeat(600);
    Hostname name = Hostname.of("sel._domainkey.example.test");

    provider.apply(zone, new ChangeBatch(List.of(new ChangeGroup(name,
        List.of(new Change.Create(RecordSet.of(name, RecordType.TXT, 3600, List.of(text))))))));

    ObjectNode stored = api.recordSets("example.test").stream()
        .filter(s -> s.path("name").asString().equals("sel._domainkey")).findFirst().orElseThrow();
    assertThat(stored.path("properties").path("TXTRecords").get(0).path("value")).hasSize(3);
    assertThat(provider.records(zone)).contains(RecordSet.of(name, RecordType.TXT, 3600, List.of(text)));
  }

  @Test
  void token_clientSecret_fetchedOnceAndReused() {
    AzureProvider provider = provider(AzureFixtures.secret());

    provider.zones();
    provider.records(zone);
    provider.records(zone);

    assertThat(api.grants()).containsExactly("secret");
  }

  @Test
  void token_federatedTokenFile_sentAsClientAssertion(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("azure-identity-token");
    Files.writeString(file, AzureStub.FEDERATED + "\n");
    AzureProvider provider = provider(new AzureConfig.Credentials.FederatedToken(AzureStub.TENANT, AzureStub.CLIENT,
        file));

    assertThat(provider.zones()).containsExactly(zone);
    assertThat(api.grants()).containsExactly("federated");
  }

  @Test
  void token_wrongSecret_refusedNamingTenantAndClientNotTheSecret() {
    AzureProvider provider = provider(new AzureConfig.Credentials.ClientSecret(AzureStub.TENANT, AzureStub.CLIENT,
        Secret.fromEnv(Map.of("S", "wr0ng-s3cret"), "S")));

    assertThatThrownBy(provider::zones)
        .isInstanceOfSatisfying(ProviderException.Refused.class, e -> assertThat(e.status()).isEqualTo(401))
        .hasMessageContaining("azure: get an access token from Entra ID refused (HTTP 401): invalid_client: AADSTS7000215")
        .hasMessageContaining("check tenant " + AzureStub.TENANT + " and client " + AzureStub.CLIENT)
        .hasMessageNotContaining("wr0ng-s3cret");
  }

  @Test
  void options_secretFromEnvironment_buildsProviderAndNamesWhatIsMissing() {
    Arguments arguments = Arguments.parse(List.of("--provider", "azure", "--azure-subscription-id",
        AzureStub.SUBSCRIPTION, "--azure-resource-group", AzureStub.GROUP), ProviderOptions.OPTIONS, Set.of(),
        ProviderOptions.FLAGS);

    assertThat(ProviderOptions.from(arguments, Map.of("DNSGUARD_AZURE_TENANT_ID", AzureStub.TENANT,
        "DNSGUARD_AZURE_CLIENT_ID", AzureStub.CLIENT, "DNSGUARD_AZURE_CLIENT_SECRET", "s"))).get()
        .isInstanceOf(AzureProvider.class);
    assertThat(ProviderOptions.from(arguments, Map.of("AZURE_TENANT_ID", AzureStub.TENANT,
        "AZURE_CLIENT_ID", AzureStub.CLIENT, "AZURE_FEDERATED_TOKEN_FILE", "/var/run/secrets/azure/tokens/token")))
        .get().isInstanceOf(AzureProvider.class);
    assertThatThrownBy(() -> ProviderOptions.from(arguments, Map.of("DNSGUARD_AZURE_TENANT_ID", AzureStub.TENANT,
        "DNSGUARD_AZURE_CLIENT_ID", AzureStub.CLIENT)))
        .isInstanceOf(UsageException.class).hasMessageContaining("the Azure credential is missing");
  }

  @Test
  void config_toString_neverShowsTheSecret() {
    AzureConfig config = AzureConfig.of(AzureStub.SUBSCRIPTION, AzureStub.GROUP, new AzureConfig.Credentials.ClientSecret(
        AzureStub.TENANT, AzureStub.CLIENT, Secret.fromEnv(Map.of("S", "sup3r"), "S")));

    assertThat(config.toString()).doesNotContain("sup3r").contains("client secret (redacted, from environment variable S)");
  }
}
