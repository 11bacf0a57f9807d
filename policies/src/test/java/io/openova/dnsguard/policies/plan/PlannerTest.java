package io.openova.dnsguard.policies.plan;

import static io.openova.dnsguard.policies.plan.Fixtures.ME;
import static io.openova.dnsguard.policies.plan.Fixtures.MAPPER;
import static io.openova.dnsguard.policies.plan.Fixtures.OURS;
import static io.openova.dnsguard.policies.plan.Fixtures.a;
import static io.openova.dnsguard.policies.plan.Fixtures.aaaa;
import static io.openova.dnsguard.policies.plan.Fixtures.cname;
import static io.openova.dnsguard.policies.plan.Fixtures.oldTxt;
import static io.openova.dnsguard.policies.plan.Fixtures.plan;
import static io.openova.dnsguard.policies.plan.Fixtures.set;
import static io.openova.dnsguard.policies.plan.Fixtures.txt;
import static io.openova.dnsguard.policies.plan.Fixtures.want;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.registry.TxtEncryption;
import io.openova.dnsguard.policies.registry.TxtFormat;
import io.openova.dnsguard.policies.registry.TxtNameMapper;
import io.openova.dnsguard.policies.registry.TxtRecordCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {

  @Test
  void plan_emptyZone_createsTxtThenRecordInOneGroup() {
    Plan plan = plan(List.of(want(a("api.example.com", "192.0.2.1"))), List.of());

    assertThat(plan.groups()).hasSize(1);
    assertThat(plan.groups().getFirst().changes()).containsExactly(
        new Change.Create(txt(ME, "api.example.com", RecordType.A)),
        new Change.Create(a("api.example.com", "192.0.2.1")));
    assertThat(plan.changes().getFirst().name().value()).isEqualTo("_externaldns.a-api.example.com");
    assertThat(plan.conflicts()).isEmpty();
  }

  @Test
  void plan_ownedRecordWithNewTargets_updatesOnlyTheRecord() {
    RecordSet old = a("api.example.com", "192.0.2.1");
    List<RecordSet> zone = List.of(old, txt(ME, "api.example.com", RecordType.A));

    Plan plan = plan(List.of(want(a("api.example.com", "192.0.2.2", "192.0.2.3"))), zone);

    assertThat(plan.changes()).containsExactly(
        new Change.Update(old, a("api.example.com", "192.0.2.2", "192.0.2.3")));
  }

  @Test
  void plan_nothingChanged_isEmpty() {
    List<RecordSet> zone = List.of(a("api.example.com", "192.0.2.1"), txt(ME, "api.example.com", RecordType.A));

    assertThat(plan(List.of(want(a("api.example.com", "192.0.2.1"))), zone).isEmpty()).isTrue();
  }

  @Test
  void plan_ownedRecordNoLongerDesired_deletesRecordBeforeItsTxt() {
    RecordSet record = a("api.example.com", "192.0.2.1");
    RecordSet owner = txt(ME, "api.example.com", RecordType.A);

    Plan plan = plan(List.of(), List.of(record, owner));

    assertThat(plan.groups()).singleElement().satisfies(g -> assertThat(g.changes())
        .containsExactly(new Change.Delete(record), new Change.Delete(owner)));
  }

  @Test
  void plan_nameOwnedByAnotherOwner_reportsConflictAndChangesNothing() {
    List<RecordSet> zone = List.of(a("api.example.com", "192.0.2.9"), txt("region-2", "api.example.com", RecordType.A));

    Plan plan = plan(List.of(want(a("api.example.com", "192.0.2.1"), "httproute/team-b/api")), zone);

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.conflicts()).singleElement().satisfies(c -> {
      assertThat(c.reason()).isEqualTo(Conflict.Reason.OWNED_BY_OTHER);
      assertThat(c.resource()).isEqualTo("httproute/team-b/api");
      assertThat(c.message()).isEqualTo("hostname \"api.example.com\" is owned by external-dns owner \"region-2\""
          + " (TXT _externaldns.a-api.example.com)");
    });
  }

  @Test
  void plan_ownershipTxtOfAnotherOwnerWithoutRecords_refusesToCreate() {
    Plan plan = plan(List.of(want(a("api.example.com", "192.0.2.1"))),
        List.of(txt("region-2", "api.example.com", RecordType.A)));

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.conflicts()).extracting(Conflict::reason).containsExactly(Conflict.Reason.OWNED_BY_OTHER);
  }

  @Test
  void plan_recordsWithoutOwnershipRecord_reportsUnownedAndChangesNothing() {
    Plan plan = plan(List.of(want(a("api.example.com", "192.0.2.1"))), List.of(a("api.example.com", "198.51.100.7")));

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.conflicts()).singleElement().satisfies(c -> {
      assertThat(c.reason()).isEqualTo(Conflict.Reason.UNOWNED);
      assertThat(c.message()).contains("api.example.com", "already has DNS records (A) without an external-dns ownership record");
    });
  }

  @Test
  void plan_unownedRecordsNotDesired_areNeverDeleted() {
    List<RecordSet> zone = List.of(a("hand.example.com", "198.51.100.7"), set("example.com", RecordType.MX, "10 mail.example.com."),
        set("lua.example.com", RecordType.LUA, "A \"ifportup(443, {'192.0.2.1'})\""),
        set("example.com", RecordType.TXT, "v=spf1 -all"), a("other.example.com", "192.0.2.8"),
        txt("region-2", "other.example.com", RecordType.A));

    assertThat(plan(List.of(), zone).isEmpty()).isTrue();
  }

  @Test
  void plan_luaRecordAtDesiredName_isOccupiedEvenWithAdoptUnowned() {
    List<RecordSet> zone = List.of(set("lua.example.com", RecordType.LUA, "A \"ifportup(443, {'192.0.2.1'})\""));
    Ownership adopting = new Ownership(ME, MAPPER, TxtFormat.NEW, TxtRecordCodec.plain(), true);

    for (Ownership ownership : List.of(OURS, adopting)) {
      Plan plan = plan(ownership, List.of(want(a("lua.example.com", "192.0.2.1"))), zone);

      assertThat(plan.isEmpty()).isTrue();
      assertThat(plan.conflicts()).extracting(Conflict::reason).containsExactly(Conflict.Reason.OCCUPIED);
    }
  }

  @Test
  void plan_unownedMxAtDesiredName_refusesAUnlessAdoptUnownedAndNeverACname() {
    RecordSet mx = set("mail.example.com", RecordType.MX, "10 mx.example.net.");
    Ownership adopting = new Ownership(ME, MAPPER, TxtFormat.NEW, TxtRecordCodec.plain(), true);

    Plan refused = plan(List.of(want(a("mail.example.com", "192.0.2.1"))), List.of(mx));
    Plan addressPlan = plan(adopting, List.of(want(a("mail.example.com", "192.0.2.1"))), List.of(mx));
    Plan aliasPlan = plan(adopting, List.of(want(cname("mail.example.com", "lb.example.net"))), List.of(mx));

    assertThat(refused.conflicts()).extracting(Conflict::reason).containsExactly(Conflict.Reason.UNOWNED);
    assertThat(addressPlan.changes()).hasSize(2);
    assertThat(aliasPlan.isEmpty()).isTrue();
    assertThat(aliasPlan.conflicts()).extracting(Conflict::reason).containsExactly(Conflict.Reason.OCCUPIED);
  }

  @Test
  void plan_unownedSetOfTheDesiredType_isAdoptedOnlyWithAdoptUnowned() {
    RecordSet hand = a("legacy.example.com", "198.51.100.7");
    Ownership adopting = new Ownership(ME, MAPPER, TxtFormat.NEW, TxtRecordCodec.plain(), true);

    Plan plan = plan(adopting, List.of(want(a("legacy.example.com", "192.0.2.1"))), List.of(hand));

    assertThat(plan.changes()).containsExactly(
        new Change.Create(txt(ME, "legacy.example.com", RecordType.A)),
        new Change.Update(hand, a("legacy.example.com", "192.0.2.1")));
  }

  @Test
  void plan_ourNameWithUnmanagedTypes_deletesOnlyOurRecords() {
    RecordSet record = a("api.example.com", "192.0.2.1");
    RecordSet owner = oldTxt(ME, "api.example.com");
    RecordSet mx = set("api.example.com", RecordType.MX, "10 mx.example.net.");

    Plan plan = plan(List.of(), List.of(record, owner, mx));

    assertThat(plan.changes()).containsExactly(new Change.Delete(record), new Change.Delete(owner));
  }

  @Test
  void plan_oldFormatOwnershipOfOurs_keepsItAndAddsTheNewFormat() {
    RecordSet record = a("api.example.com", "192.0.2.1");
    List<RecordSet> zone = List.of(record, oldTxt(ME, "api.example.com"));

    Plan plan = plan(List.of(want(a("api.example.com", "192.0.2.2"))), zone);

    assertThat(plan.changes()).containsExactly(
        new Change.Create(txt(ME, "api.example.com", RecordType.A)),
        new Change.Update(record, a("api.example.com", "192.0.2.2")));
  }

  @Test
  void plan_oldFormatOwnershipOfAnotherOwner_reportsConflict() {
    List<RecordSet> zone = List.of(a("api.example.com", "192.0.2.9"), oldTxt("region-2", "api.example.com"));

    Plan plan = plan(List.of(want(a("api.example.com", "192.0.2.1"))), zone);

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.conflicts().getFirst().message()).contains("\"region-2\"", "_externaldns.api.example.com");
  }

  @Test
  void plan_newFormatSaysUsOldSaysOther_refusedLikeTheWebhookAndKept() {
    RecordSet record = a("api.example.com", "192.0.2.1");
    List<RecordSet> zone = List.of(record, txt(ME, "api.example.com", RecordType.A), oldTxt("region-2", "api.example.com"));

    Plan plan = plan(List.of(want(a("api.example.com", "192.0.2.2"))), zone);

    assertThat(plan.isEmpty()).isTrue(); // another owner holds the name: nothing changes, nothing is deleted
    assertThat(plan.conflicts()).extracting(Conflict::reason).containsExactly(Conflict.Reason.OWNED_BY_OTHER);
  }

  @Test
  void plan_orphanOwnershipRecordOfOurs_isDeleted() {
    RecordSet orphan = txt(ME, "gone.example.com", RecordType.AAAA);

    assertThat(plan(List.of(), List.of(orphan)).changes()).containsExactly(new Change.Delete(orphan));
  }

  @Test
  void plan_typeSwitchFromAToCname_deletesAAndCreatesCnameInOneGroup() {
    RecordSet record = a("api.example.com", "192.0.2.1");
    RecordSet aOwner = txt(ME, "api.example.com", RecordType.A);

    Plan plan = plan(List.of(want(cname("api.example.com", "lb.example.net"))), List.of(record, aOwner));

    assertThat(plan.groups()).singleElement().satisfies(g -> assertThat(g.changes()).containsExactly(
        new Change.Create(txt(ME, "api.example.com", RecordType.CNAME)),
        new Change.Delete(record),
        new Change.Create(cname("api.example.com", "lb.example.net")),
        new Change.Delete(aOwner)));
  }

  @Test
  void plan_resourceRenamed_updatesTheOwnershipRecord() {
    RecordSet owner = txt(ME, "api.example.com", RecordType.A, "ingress/team-a/old");
    List<RecordSet> zone = List.of(a("api.example.com", "192.0.2.1"), owner);

    Plan plan = plan(List.of(want(a("api.example.com", "192.0.2.1"), "httproute/team-a/new")), zone);

    assertThat(plan.changes()).containsExactly(
        new Change.Update(owner, txt(ME, "api.example.com", RecordType.A, "httproute/team-a/new")));
  }

  @Test
  void plan_wildcardWithoutReplacement_reportsRegistryUnsupported() {
    Plan plan = plan(List.of(want(a("*.apps.example.com", "192.0.2.1"))), List.of());

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.conflicts()).singleElement().satisfies(c -> {
      assertThat(c.reason()).isEqualTo(Conflict.Reason.REGISTRY_UNSUPPORTED);
      assertThat(c.message()).contains("_externaldns.a-*.apps.example.com", "wildcard replacement");
    });
  }

  @Test
  void plan_wildcardWithReplacement_writesTheReplacedName() {
    Ownership ownership = new Ownership(ME, new TxtNameMapper("_externaldns.", "", "any"), TxtFormat.NEW,
        TxtRecordCodec.plain());

    Plan plan = plan(ownership, List.of(want(a("*.apps.example.com", "192.0.2.1"))), List.of());

    assertThat(plan.changes()).extracting(c -> c.name().value())
        .containsExactly("_externaldns.a-any.apps.example.com", "*.apps.example.com");
  }

  @Test
  void plan_identicalDesiredFromTwoRoutes_mergesWithoutConflict() {
    Plan plan = plan(List.of(want(a("api.example.com", "192.0.2.1"), "httproute/team-a/b"),
        want(a("api.example.com", "192.0.2.1"), "httproute/team-a/a")), List.of());

    assertThat(plan.conflicts()).isEmpty();
    assertThat(plan.changes().getFirst().target().values().getFirst()).endsWith("resource=httproute/team-a/a");
  }

  @Test
  void plan_differentDesiredForOneName_firstByResourceWinsAndOtherIsReported() {
    Plan plan = plan(List.of(want(a("api.example.com", "192.0.2.2"), "httproute/team-a/b"),
        want(a("api.example.com", "192.0.2.1"), "httproute/team-a/a")), List.of());

    assertThat(plan.changes().get(1)).isEqualTo(new Change.Create(a("api.example.com", "192.0.2.1")));
    assertThat(plan.conflicts()).singleElement().satisfies(c -> {
      assertThat(c.reason()).isEqualTo(Conflict.Reason.DUPLICATE_DESIRED);
      assertThat(c.resource()).isEqualTo("httproute/team-a/b");
    });
  }

  @Test
  void plan_differentDesiredForOneName_incumbentResourceKeepsIt() {
    List<RecordSet> zone = List.of(a("api.example.com", "192.0.2.2"), txt(ME, "api.example.com", RecordType.A, "httproute/team-a/b"));

    Plan plan = plan(List.of(want(a("api.example.com", "192.0.2.2"), "httproute/team-a/b"),
        want(a("api.example.com", "192.0.2.1"), "httproute/team-a/a")), zone);

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.conflicts()).extracting(Conflict::resource).containsExactly("httproute/team-a/a");
  }

  @Test
  void plan_oldWriteFormat_sharesOneOwnershipRecordBetweenTypes() {
    Ownership ownership = new Ownership(ME, MAPPER, TxtFormat.OLD, TxtRecordCodec.plain());

    Plan plan = plan(ownership, List.of(want(a("api.example.com", "192.0.2.1")), want(aaaa("api.example.com", "2001:db8::1"))),
        List.of());

    assertThat(plan.changes()).extracting(c -> c.name() + " " + c.type()).containsExactly(
        "_externaldns.api.example.com TXT", "api.example.com A", "api.example.com AAAA");
  }

  @Test
  void plan_encryptedOwnership_isStableAcrossRuns() {
    TxtRecordCodec codec = TxtRecordCodec.encrypted(TxtEncryption.ofKey("0123456789abcdef0123456789abcdef"));
    Ownership ownership = new Ownership(ME, MAPPER, TxtFormat.NEW, codec);
    List<Desired> desired = List.of(want(a("api.example.com", "192.0.2.1")));
    Plan first = plan(ownership, desired, List.of());
    List<RecordSet> zone = new ArrayList<>();
    first.changes().forEach(c -> zone.add(c.target()));

    Plan second = plan(ownership, desired, zone);

    assertThat(first.changes().getFirst().target().values().getFirst()).doesNotContain("heritage");
    assertThat(second.isEmpty()).isTrue();
  }

  @Test
  void plan_ownershipNameHoldingForeignContentToo_isNeitherTouchedNorReused() {
    RecordSet mixed = RecordSet.of("_externaldns.a-api.example.com", RecordType.TXT, 300,
        "heritage=external-dns,external-dns/owner=" + ME, "google-site-verification=abc");
    List<RecordSet> zone = List.of(a("api.example.com", "192.0.2.1"), mixed);

    Plan plan = plan(List.of(want(a("api.example.com", "192.0.2.2"))), zone);

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.conflicts()).extracting(Conflict::reason).containsExactly(Conflict.Reason.OWNER_UNREADABLE);
  }

  @Test
  void plan_malformedOwnershipRecord_isTreatedAsSomeoneElses() {
    Plan plan = plan(List.of(want(a("api.example.com", "192.0.2.1"))),
        List.of(RecordSet.of("_externaldns.a-api.example.com", RecordType.TXT, 300, "heritage=external-dns")));

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.conflicts()).extracting(Conflict::reason).containsExactly(Conflict.Reason.OWNER_UNREADABLE);
  }

  @Test
  void plan_emptyPrefixOldFormatWithSpfAtName_spfIsNotMistakenForOwnership() {
    Ownership ownership = new Ownership(ME, new TxtNameMapper("", "", ""), TxtFormat.NEW, TxtRecordCodec.plain(), true);
    RecordSet spf = set("api.example.com", RecordType.TXT, "v=spf1 -all");

    Plan plan = plan(ownership, List.of(want(a("api.example.com", "192.0.2.1"))), List.of(spf));

    assertThat(plan.changes()).extracting(c -> c.name() + " " + c.type())
        .containsExactly("a-api.example.com TXT", "api.example.com A");
  }

  @Test
  void plan_apexWithPlainPrefixInNewFormat_refusesOwnershipOutsideTheZone() {
    Plan plan = plan(List.of(want(a("example.com", "192.0.2.1"))), List.of());

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.conflicts()).singleElement().satisfies(c -> {
      assertThat(c.reason()).isEqualTo(Conflict.Reason.REGISTRY_UNSUPPORTED);
      assertThat(c.message()).contains("_externaldns.a-example.com", "outside zone example.com");
    });
  }

  @Test
  void plan_apexWithRecordTypeInPrefix_ownershipStaysInTheZone() {
    Ownership ownership = new Ownership(ME, new TxtNameMapper("_externaldns-%{record_type}.", "", ""), TxtFormat.NEW,
        TxtRecordCodec.plain());

    Plan plan = plan(ownership, List.of(want(a("example.com", "192.0.2.1"))), List.of());

    assertThat(plan.changes()).extracting(c -> c.name().value()).containsExactly("_externaldns-a.example.com", "example.com");
  }

  @Test
  void plan_cnameWithoutPrefixInOldFormat_refusesToShareItsName() {
    Ownership ownership = new Ownership(ME, new TxtNameMapper("", "", ""), TxtFormat.OLD, TxtRecordCodec.plain());

    Plan plan = plan(ownership, List.of(want(cname("www.example.com", "lb.example.net"))), List.of());

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.conflicts()).extracting(Conflict::reason).containsExactly(Conflict.Reason.REGISTRY_UNSUPPORTED);
  }

  @Test
  void plan_desiredOutsideTheZone_isIgnored() {
    assertThat(plan(List.of(want(a("api.example.org", "192.0.2.1"))), List.of()).isEmpty()).isTrue();
  }

  @Test
  void plan_ttlChange_updatesRecordAndOwnershipTtl() {
    RecordSet record = a("api.example.com", "192.0.2.1");
    RecordSet owner = txt(ME, "api.example.com", RecordType.A);

    Plan plan = plan(List.of(want(record.withTtl(60))), List.of(record, owner));

    assertThat(plan.changes()).containsExactly(new Change.Update(owner, owner.withTtl(60)),
        new Change.Update(record, record.withTtl(60)));
  }

  @Test
  void plan_groupsAreSortedByName() {
    Plan plan = plan(List.of(want(a("b.example.com", "192.0.2.1")), want(a("a.example.com", "192.0.2.1"))), List.of());

    assertThat(plan.groups()).extracting(g -> g.name().value()).containsExactly("a.example.com", "b.example.com");
  }

  @Test
  void describe_listsChangesAndSkippedConflicts() {
    List<RecordSet> zone = List.of(txt("region-2", "b.example.com", RecordType.A));

    String text = plan(List.of(want(a("a.example.com", "192.0.2.1")), want(a("b.example.com", "192.0.2.1"))), zone).describe();

    assertThat(text).contains("zone example.com: 2 changes", "CREATE a.example.com 300 A [192.0.2.1]",
        "SKIPPED hostname \"b.example.com\" is owned by external-dns owner \"region-2\"");
  }
}
