package io.openova.dnsguard.policies.plan;

import static io.openova.dnsguard.policies.plan.Fixtures.ME;
import static io.openova.dnsguard.policies.plan.Fixtures.OURS;
import static io.openova.dnsguard.policies.plan.Fixtures.ZONE;
import static io.openova.dnsguard.policies.plan.Fixtures.a;
import static io.openova.dnsguard.policies.plan.Fixtures.set;
import static io.openova.dnsguard.policies.plan.Fixtures.txt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker must catch hand-made unsafe plans, or the planner tests prove nothing. */
class PlanInvariantsTest {

  private static Plan planOf(String name, Change... changes) {
    return new Plan(ZONE, List.of(new ChangeGroup(Hostname.of(name), List.of(changes))), List.of());
  }

  private static List<String> violations(Plan plan, List<RecordSet> zone) {
    return PlanInvariants.violations(plan, zone, OURS);
  }

  @Test
  void violations_deleteOfRecordOwnedByAnother_isCaught() {
    RecordSet theirs = a("api.example.com", "192.0.2.1");
    List<RecordSet> zone = List.of(theirs, txt("region-2", "api.example.com", RecordType.A));

    assertThat(violations(planOf("api.example.com", new Change.Delete(theirs)), zone))
        .singleElement().asString().contains("not ours");
  }

  @Test
  void violations_updateOfUnownedRecord_isCaught() {
    RecordSet unowned = a("api.example.com", "192.0.2.1");

    assertThat(violations(planOf("api.example.com", new Change.Update(unowned, a("api.example.com", "192.0.2.2"))),
        List.of(unowned))).anySatisfy(v -> assertThat(v).contains("not ours"));
  }

  @Test
  void violations_changeOfUnmanagedType_isCaught() {
    RecordSet mx = set("api.example.com", RecordType.MX, "10 mx.example.net.");

    assertThat(violations(planOf("api.example.com", new Change.Delete(mx)), List.of(mx)))
        .anySatisfy(v -> assertThat(v).contains("never changes MX"));
  }

  @Test
  void violations_createOfExistingSet_isCaught() {
    RecordSet record = a("api.example.com", "192.0.2.1");
    RecordSet owner = txt(ME, "api.example.com", RecordType.A);

    assertThat(violations(planOf("api.example.com", new Change.Create(record)), List.of(record, owner)))
        .singleElement().asString().contains("creates a set that exists");
  }

  @Test
  void violations_createWithoutOwnershipRecord_isCaught() {
    assertThat(violations(planOf("api.example.com", new Change.Create(a("api.example.com", "192.0.2.1"))), List.of()))
        .singleElement().asString().contains("no ownership record of ours covers it");
  }

  @Test
  void violations_recordCreatedBeforeItsTxt_isOutOfOrder() {
    Plan plan = planOf("api.example.com", new Change.Create(a("api.example.com", "192.0.2.1")),
        new Change.Create(txt(ME, "api.example.com", RecordType.A)));

    assertThat(violations(plan, List.of())).singleElement().asString().contains("out of order");
  }

  @Test
  void violations_txtInAnotherNamesGroup_isCaught() {
    Plan plan = new Plan(ZONE, List.of(
        new ChangeGroup(Hostname.of("api.example.com"), List.of(new Change.Create(a("api.example.com", "192.0.2.1")))),
        new ChangeGroup(Hostname.of("web.example.com"), List.of(new Change.Create(txt(ME, "api.example.com", RecordType.A))))),
        List.of());

    assertThat(violations(plan, List.of())).anySatisfy(v -> assertThat(v).contains("sits in the group of web.example.com"))
        .anySatisfy(v -> assertThat(v).contains("no ownership record of ours covers it"));
  }

  @Test
  void violations_deleteLeavingOwnershipBehind_isCaught() {
    RecordSet record = a("api.example.com", "192.0.2.1");

    assertThat(violations(planOf("api.example.com", new Change.Delete(record)),
        List.of(record, txt(ME, "api.example.com", RecordType.A))))
        .singleElement().asString().contains("stays behind");
  }

  @Test
  void violations_staleBefore_isCaught() {
    RecordSet record = a("api.example.com", "192.0.2.1");
    RecordSet owner = txt(ME, "api.example.com", RecordType.A);

    assertThat(violations(planOf("api.example.com",
        new Change.Update(a("api.example.com", "192.0.2.7"), a("api.example.com", "192.0.2.8"))), List.of(record, owner)))
        .singleElement().asString().contains("the zone holds api.example.com 300 A [192.0.2.1]");
  }

  @Test
  void violations_createBesideUnownedCname_isCaught() {
    RecordSet alias = set("api.example.com", RecordType.CNAME, "lb.example.net");
    Plan plan = planOf("api.example.com", new Change.Create(txt(ME, "api.example.com", RecordType.A)),
        new Change.Create(a("api.example.com", "192.0.2.1")));

    assertThat(violations(plan, List.of(alias))).singleElement().asString().contains("CNAME set not ours");
  }

  @Test
  void check_safePlan_passesAndUnsafePlanThrowsWithThePlan() {
    PlanInvariants.check(planOf("api.example.com", new Change.Create(txt(ME, "api.example.com", RecordType.A)),
        new Change.Create(a("api.example.com", "192.0.2.1"))), List.of(), OURS);

    assertThatThrownBy(() -> PlanInvariants.check(planOf("api.example.com",
        new Change.Create(a("api.example.com", "192.0.2.1"))), List.of(), OURS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("breaks 1 invariant(s)")
        .hasMessageContaining("CREATE api.example.com 300 A [192.0.2.1]");
  }
}
