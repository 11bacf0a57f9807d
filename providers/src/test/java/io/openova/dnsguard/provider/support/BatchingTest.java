package io.openova.dnsguard.provider.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.policies.name.Hostname;
import io.openova.dnsguard.policies.name.RecordType;
import io.openova.dnsguard.policies.plan.Change;
import io.openova.dnsguard.policies.plan.ChangeGroup;
import io.openova.dnsguard.policies.plan.RecordSet;
import io.openova.dnsguard.provider.ChangeBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BatchingTest {

  private static ChangeGroup group(int index, int changes) {
    List<Change> list = new ArrayList<>();
    for (int i = 0; i < changes; i++) {
      list.add(new Change.Create(RecordSet.of("h" + index + "-" + i + ".example.com", RecordType.A, 60, "192.0.2.1")));
    }
    return new ChangeGroup(Hostname.of("h" + index + ".example.com"), list);
  }

  @Test
  void split_byCount_neverSplitsAGroup() {
    List<ChangeGroup> groups = List.of(group(0, 2), group(1, 2), group(2, 2), group(3, 1));

    List<ChangeBatch> batches = Batching.split(groups, 5, Long.MAX_VALUE, g -> 10);

    assertThat(batches).extracting(ChangeBatch::changeCount).containsExactly(4, 3);
    assertThat(batches.getFirst().groups()).containsExactly(groups.get(0), groups.get(1));
  }

  @Test
  void split_byBytes_cutsBeforeTheGroupThatWouldOverflow() {
    List<ChangeGroup> groups = List.of(group(0, 1), group(1, 1), group(2, 1));

    List<ChangeBatch> batches = Batching.split(groups, 100, 250, g -> 100);

    assertThat(batches).extracting(b -> b.groups().size()).containsExactly(2, 1);
  }

  @Test
  void split_groupLargerThanTheLimit_travelsAlone() {
    List<ChangeGroup> groups = List.of(group(0, 1), group(1, 6), group(2, 1));

    List<ChangeBatch> batches = Batching.split(groups, 4, Long.MAX_VALUE, g -> 1);

    assertThat(batches).extracting(ChangeBatch::changeCount).containsExactly(1, 6, 1);
  }

  @Test
  void split_nothing_noBatches() {
    assertThat(Batching.split(List.of(), 10, 10, g -> 1)).isEmpty();
  }

  @Property(tries = 300)
  void split_anyGroups_keepsOrderAndLimits(@ForAll @Size(max = 40) List<@IntRange(min = 1, max = 5) Integer> sizes,
      @ForAll @IntRange(min = 2, max = 12) int maxChanges) {
    List<ChangeGroup> groups = IntStream.range(0, sizes.size()).mapToObj(i -> group(i, sizes.get(i))).toList();

    List<ChangeBatch> batches = Batching.split(groups, maxChanges, Long.MAX_VALUE, g -> 1);

    assertThat(batches.stream().flatMap(b -> b.groups().stream()).toList()).isEqualTo(groups);
    for (ChangeBatch batch : batches) {
      assertThat(batch.isEmpty()).isFalse();
      assertThat(batch.changeCount() <= maxChanges || batch.groups().size() == 1).isTrue();
    }
    for (int i = 0; i + 1 < batches.size(); i++) {
      // greedy: the next batch's first group did not fit into this one
      assertThat(batches.get(i).changeCount() + batches.get(i + 1).groups().getFirst().size()).isGreaterThan(maxChanges);
    }
  }
}
