package io.openova.dnsguard.reconciler.webhookprovider;

import java.util.List;
import java.util.stream.Stream;

/**
 * external-dns's {@code plan.Changes}: what {@code POST /records} carries. Its TXT registry has
 * already appended the ownership records of every record to the same list.
 */
record Changes(List<Endpoint> create, List<Endpoint> updateOld, List<Endpoint> updateNew, List<Endpoint> delete) {

  Changes {
    create = create == null ? List.of() : List.copyOf(create);
    updateOld = updateOld == null ? List.of() : List.copyOf(updateOld);
    updateNew = updateNew == null ? List.of() : List.copyOf(updateNew);
    delete = delete == null ? List.of() : List.copyOf(delete);
  }

  Stream<Endpoint> all() {
    return Stream.of(create, updateOld, updateNew, delete).flatMap(List::stream);
  }

  int size() {
    return create.size() + updateOld.size() + updateNew.size() + delete.size();
  }
}
