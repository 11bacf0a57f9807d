package io.openova.dnsguard.certs.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.dnsguard.testbench.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RenewalScheduleTest {
  private static final Duration BACKDATE = CertificateIssuer.BACKDATE;

  private final MutableClock clock = MutableClock.atDefault();
  private final Instant issuedAt = clock.instant();
  private final CertificateIssuer issuer = CertificateIssuer.create(clock);
  private final RenewalSchedule schedule = new RenewalSchedule(clock);
  private final ServingIdentity identity = ServingIdentity.of("webhook", "system");

  @Test
  void renewAt_oneYearServing_isTwoThirdsOfLifetimeFromNotBefore() {
    ManagedCertificates certificates = issuer.issueAll(identity);
    Duration lifetime = Duration.ofDays(365).plus(BACKDATE);

    assertThat(RenewalSchedule.renewAt(certificates.serving().certificate()))
        .isEqualTo(issuedAt.minus(BACKDATE).plus(lifetime.multipliedBy(2).dividedBy(3)));
  }

  @Test
  void decide_oneSecondBeforeTwoThirds_keepsUntilRenewalTime() {
    ManagedCertificates certificates = issuer.issueAll(identity);
    Instant renewAt = RenewalSchedule.renewAt(certificates.serving().certificate());
    clock.set(renewAt.minusSeconds(1));

    assertThat(schedule.decide(certificates, identity)).isEqualTo(new RenewalDecision.Keep(renewAt));
  }

  @Test
  void decide_atTwoThirds_renewsServing() {
    ManagedCertificates certificates = issuer.issueAll(identity);
    clock.set(RenewalSchedule.renewAt(certificates.serving().certificate()));

    assertThat(schedule.decide(certificates, identity))
        .isInstanceOfSatisfying(
            RenewalDecision.RenewServing.class,
            renew -> assertThat(renew.reason()).contains("two thirds of its lifetime"));
  }

  @Test
  void decide_afterExpiry_renewsServing() {
    ManagedCertificates certificates = issuer.issueAll(identity);
    clock.advance(Duration.ofDays(400));

    assertThat(schedule.decide(certificates, identity)).isInstanceOf(RenewalDecision.RenewServing.class);
  }

  @Test
  void decide_freshCertificates_keepsUntilServingRenewal() {
    ManagedCertificates certificates = issuer.issueAll(identity);

    assertThat(schedule.decide(certificates, identity))
        .isEqualTo(new RenewalDecision.Keep(RenewalSchedule.renewAt(certificates.serving().certificate())));
  }

  @Test
  void decide_wantedSansDiffer_renewsServingNamingTheDifference() {
    ManagedCertificates certificates = issuer.issueAll(identity.withDnsNames(List.of("old.example")));

    RenewalDecision decision =
        schedule.decide(certificates, identity.withIpAddresses(List.of("127.0.0.1")));

    assertThat(decision)
        .isInstanceOfSatisfying(
            RenewalDecision.RenewServing.class,
            renew ->
                assertThat(renew.reason())
                    .contains("missing [IP:127.0.0.1]")
                    .contains("unexpected [DNS:old.example]"));
  }

  @Test
  void decide_servingFromAnotherCa_renewsServing() {
    ManagedCertificates certificates = issuer.issueAll(identity);
    ManagedCertificates foreign = issuer.issueAll(identity);
    ManagedCertificates mixed = new ManagedCertificates(certificates.authority(), List.of(), foreign.serving());

    assertThat(schedule.decide(mixed, identity))
        .isEqualTo(new RenewalDecision.RenewServing("serving certificate was not issued by the current CA"));
  }

  @Test
  void decide_caAtTwoThirds_rotatesAuthorityBeforeAnythingElse() {
    ManagedCertificates certificates = issuer.issueAll(identity);
    clock.set(RenewalSchedule.renewAt(certificates.authority().certificate()));

    assertThat(schedule.decide(certificates, identity.withDnsNames(List.of("new.example"))))
        .isInstanceOf(RenewalDecision.RotateAuthority.class);
  }

  @Test
  void decide_caRenewalBeforeServingRenewal_keepsUntilCaRenewal() {
    CertificateIssuer shortCa = issuer.withAuthorityValidity(Duration.ofDays(90));
    ManagedCertificates certificates = shortCa.issueAll(identity);

    RenewalDecision decision = schedule.decide(certificates, identity);

    Instant caRenewAt = RenewalSchedule.renewAt(certificates.authority().certificate());
    assertThat(decision).isEqualTo(new RenewalDecision.Keep(caRenewAt));
  }

  @Property(tries = 150)
  void decide_anyServingLifetime_keepsExactlyBeforeTwoThirds(
      @ForAll @IntRange(min = 1, max = 730) int servingDays, @ForAll @LongRange(min = 0, max = 730L * 86_400) long elapsed) {
    MutableClock propertyClock = MutableClock.atDefault();
    CertificateIssuer propertyIssuer =
        CertificateIssuer.create(propertyClock).withServingValidity(Duration.ofDays(servingDays));
    ManagedCertificates certificates = propertyIssuer.issueAll(identity);
    long lifetimeSeconds = servingDays * 86_400L + BACKDATE.toSeconds();
    long sinceNotBefore = Math.min(elapsed, servingDays * 86_400L) + BACKDATE.toSeconds();
    propertyClock.advance(Duration.ofSeconds(sinceNotBefore - BACKDATE.toSeconds()));

    RenewalDecision decision = new RenewalSchedule(propertyClock).decide(certificates, identity);

    boolean beforeTwoThirds = 3 * sinceNotBefore < 2 * lifetimeSeconds;
    assertThat(decision instanceof RenewalDecision.Keep).isEqualTo(beforeTwoThirds);
    if (!beforeTwoThirds) {
      assertThat(decision).isInstanceOf(RenewalDecision.RenewServing.class);
    }
  }
}
