package dev.logtally;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package layers of docs/architecture.md, held against the compiled classes: each package imports only packages on
 * lower floors, and no two packages import each other, however indirectly. A new package fails this test until it is
 * given its floor here and in the document.
 */
class ArchitectureTest {

	/**
	 * The floors, from the ground up: a package may use the packages of the floors below its own, and none beside or
	 * above it.
	 */
	private static final List<List<String>> FLOORS = List.of(
			// Time windows and the job database: they know nothing of the rest.
			List.of("window", "repository"),
			// The values every layer uses (a window's counts, outcome and verdict, a failure's remedy), and the job spec.
			List.of("tally", "jobspec"),
			// Calling a source's API: signing aside, retries, rate budgets and errors.
			List.of("http"),
			// The run's metrics, which sources and commands report to.
			List.of("metrics"),
			// The sources: one package per kind, each reading a window of its logs.
			List.of("source"),
			// The archive (staging, publication, manifests, stores), and the emulators of the sources.
			List.of("archive", "sandbox"),
			// The export job on Spring Batch, and the run's reports.
			List.of("batch", "report"),
			// Windows read by remote workers, and reconciling an archive with its sources.
			List.of("scaleout", "reconcile"),
			// The command line, which wires all of them.
			List.of("cli"));

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
			.importPackages("dev.logtally");
	}

	@Test
	void everyPackageUsesOnlyTheFloorsBelowIt() {
		LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
			.ensureAllClassesAreContainedInArchitecture();
		for (List<String> floor : FLOORS) {
			for (String name : floor) {
				layers = layers.layer(name).definedBy("dev.logtally." + name + "..");
			}
		}
		List<String> below = new ArrayList<>();
		for (List<String> floor : FLOORS) {
			for (String name : floor) {
				layers = below.isEmpty() ? layers.whereLayer(name).mayNotAccessAnyLayer()
						: layers.whereLayer(name).mayOnlyAccessLayers(below.toArray(String[]::new));
			}
			below.addAll(floor);
		}
		layers.because("an import runs down the floors of docs/architecture.md, never up or across").check(classes);
	}

	@Test
	void noPackageCycle() {
		slices().matching("dev.logtally.(*)..")
			.should()
			.beFreeOfCycles()
			.because("a cycle leaves no order in which the packages could be understood or changed one at a time")
			.check(classes);
	}

	/**
	 * What the code knows of one source stays in its package: the registry names it, and its emulator may use it, but
	 * nothing else does, and no source uses another's. So a new source is its package and one line. A source's package
	 * is one that holds a {@code SourceKind}; a package of what one vendor's sources share (Tencent's TC3 signing) is
	 * not one, and sources may use it.
	 */
	@Test
	void aSourcesPackageIsNamedOnlyByTheRegistryAndTheEmulators() {
		List<String> sources = classes.stream()
			.filter((javaClass) -> javaClass.isAssignableTo("dev.logtally.source.SourceKind") && !javaClass.isInterface())
			.map((javaClass) -> javaClass.getPackageName())
			.distinct()
			.sorted()
			.toList();
		assertThat(sources).as("the source packages")
			.contains("dev.logtally.source.scf", "dev.logtally.source.sls", "dev.logtally.source.rds");
		for (String source : sources) {
			noClasses().that()
				.resideOutsideOfPackages(source + "..", "dev.logtally.sandbox..")
				.and()
				.doNotHaveFullyQualifiedName("dev.logtally.source.SourceKinds")
				.should()
				.dependOnClassesThat()
				.resideInAPackage(source + "..")
				.because("the rest of logtally reaches a source through SourceKind and LogSource, never by its name")
				.check(classes);
		}
	}

}
