package dev.logtally.source;

import java.util.HashSet;
import java.util.Set;

import dev.logtally.jobspec.JobSpecLoader;
import dev.logtally.source.cls.ClsKind;
import dev.logtally.source.rds.RdsKind;
import dev.logtally.source.scf.ScfKind;
import dev.logtally.source.scf.ScfLegacyKind;
import dev.logtally.source.sls.SlsKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry of the kinds of source: each is known by one name, found by it, and listed in messages in the order it
 * was registered.
 */
class SourceKindsTest {

	@Test
	void registersEveryKindInTheOrderMessagesListThem() {
		assertThat(SourceKinds.all()).containsExactly(new ScfKind(), new ScfLegacyKind(), new SlsKind(), new RdsKind(),
				new ClsKind());
	}

	@Test
	void everyKindHasANameOfItsOwn() {
		Set<String> names = new HashSet<>();
		for (SourceKind kind : SourceKinds.all()) {
			assertThat(names.add(kind.name())).as(kind.name()).isTrue();
		}
	}

	@Test
	void findsAKindByTheNameASpecGivesIt() {
		assertThat(SourceKinds.named("tencent-scf")).contains(new ScfKind());
		assertThat(SourceKinds.named("tencent-scf-legacy")).contains(new ScfLegacyKind());
		assertThat(SourceKinds.named("aliyun-sls")).contains(new SlsKind());
		assertThat(SourceKinds.named("huawei-rds")).contains(new RdsKind());
		assertThat(SourceKinds.named("tencent-cls")).contains(new ClsKind());
	}

	@Test
	void findsNoKindByAnUnknownOrMiscasedName() {
		assertThat(SourceKinds.named("tencent-clss")).isEmpty();
		assertThat(SourceKinds.named("Tencent-SCF")).isEmpty();
		assertThat(SourceKinds.named("")).isEmpty();
	}

	@Test
	void listsTheKnownNamesForMessages() {
		assertThat(SourceKinds.known()).isEqualTo("tencent-scf, tencent-scf-legacy, aliyun-sls, huawei-rds, tencent-cls");
	}

	@Test
	void everyKindAllowsItsDefaultsAndNamesItsTargetAndCredentials() {
		for (SourceKind kind : SourceKinds.all()) {
			var limits = kind.limits();
			assertThat(limits.defaultWindow()).as(kind.name()).isLessThanOrEqualTo(limits.maxWindow());
			assertThat(limits.defaultPageSize()).as(kind.name())
				.isBetween(limits.minPageSize(), limits.maxPageSize());
			assertThat(limits.defaultRateLimit()).as(kind.name()).isPositive();
			assertThat(kind.targetField()).as(kind.name()).isNotBlank();
			assertThat(kind.requiredCredentials()).as(kind.name()).isNotEmpty();
			assertThat(kind.requiredCredentials()).as(kind.name()).doesNotContainAnyElementsOf(kind.optionalCredentials());
			assertThat(kind.optionFields()).as(kind.name()).doesNotContainAnyElementsOf(JobSpecLoader.SOURCE_FIELDS);
		}
	}

}
