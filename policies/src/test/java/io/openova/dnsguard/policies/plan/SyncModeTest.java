package io.openova.dnsguard.policies.plan;

import static io.openova.dnsguard.policies.plan.Fixtures.ME;
import static io.openova.dnsguard.policies.plan.Fixtures.a;
import static io.openova.dnsguard.policies.plan.Fixtures.plan;
import static io.openova.dnsguard.policies.plan.Fixtures.txt;
import static io.openova.dnsguard.policies.plan.Fixtures.want;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.name.RecordType;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncModeTest {

  // One create, one update, one delete, and one conflict.
  private static final List<RecordSet> ZONE = List.of(
      a("upd.example.com", "192.0.2.1"), txt(ME, "upd.example.com", RecordType.A),
      a("del.example.com", "192.0.2.1"), txt(ME, "del.example.com", RecordType.A),
      txt("region-2", "taken.example.com", RecordType.A));
  private static final Plan PLAN = plan(List.of(want(a("new.example.com", "192.0.2.1")),
      want(a("upd.example.com", "192.0.2.2")), want(a("taken.example.com", "192.0.2.1"))), ZONE);

  @Test
  void apply_sync_keepsEverything() {
    assertThat(SyncMode.SYNC.apply(PLAN)).isEqualTo(PLAN);
    assertThat(PLAN.changes()).hasSize(5);
  }

  @Test
  void apply_upsertOnly_dropsRecordAndOwnershipDeletes() {
    Plan upsert = SyncMode.UPSERT_ONLY.apply(PLAN);

    assertThat(upsert.changes()).extracting(c -> c.getClass().getSimpleName() + " " + c.name())
        .containsExactly("Create _externaldns.a-new.example.com", "Create new.example.com", "Update upd.example.com");
    assertThat(upsert.conflicts()).isEqualTo(PLAN.conflicts());
  }

  @Test
  void apply_createOnly_keepsOnlyCreates() {
    Plan create = SyncMode.CREATE_ONLY.apply(PLAN);

    assertThat(create.groups()).singleElement().satisfies(g -> assertThat(g.name().value()).isEqualTo("new.example.com"));
    assertThat(create.changes()).allMatch(c -> c instanceof Change.Create);
  }

  @Test
  void allows_deleteOnlyInSync() {
    Change delete = new Change.Delete(a("x.example.com", "192.0.2.1"));

    assertThat(SyncMode.SYNC.allows(delete)).isTrue();
    assertThat(SyncMode.UPSERT_ONLY.allows(delete)).isFalse();
    assertThat(SyncMode.CREATE_ONLY.allows(delete)).isFalse();
  }

  @Test
  void apply_upsertOnlyOnTypeSwitchToCname_leavesTheGroupOut() {
    List<RecordSet> zone = List.of(a("api.example.com", "192.0.2.1"), txt(ME, "api.example.com", RecordType.A));
    Plan plan = plan(List.of(want(Fixtures.cname("api.example.com", "lb.example.net"))), zone);

    assertThat(plan.changes()).hasSize(4);
    assertThat(SyncMode.UPSERT_ONLY.apply(plan).isEmpty()).isTrue();
    assertThat(SyncMode.CREATE_ONLY.apply(plan).isEmpty()).isTrue();
  }
}
