package io.openova.dnsguard.reconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PartSizesTest {

  @Test
  void startsSmall_andDoublesUpToARequest() {
    PartSizes sizes = new PartSizes(2_500);
    assertThat(IntStream.range(0, 7).map(i -> sizes.next()).toArray())
        .containsExactly(256, 512, 1_024, 2_048, 2_500, 2_500, 2_500);
  }

  @Test
  void smallRequests_areNotCutSmaller() {
    PartSizes sizes = new PartSizes(100);
    assertThat(IntStream.range(0, 3).map(i -> sizes.next()).toArray()).containsExactly(100, 100, 100);
  }

  @Test
  void doesNotOverflow_atTheLargestRequests() {
    PartSizes sizes = new PartSizes(1, Integer.MAX_VALUE);
    IntStream.range(0, 40).forEach(i -> sizes.next());
    assertThat(sizes.next()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void refusesEmptyParts() {
    assertThatThrownBy(() -> new PartSizes(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}
