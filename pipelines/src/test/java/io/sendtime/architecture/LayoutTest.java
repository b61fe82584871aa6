package io.sendtime.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The house: the stages (extract, transform, load, render, erase, ingest, api, monitor) stand side by side and import only the shared
 * floors (jobs, lake, warehouse, source, config, model), never each other; the floors import no stage;
 * the consumers on top (cli, demo, bench) are imported by nothing below them (docs/contributing.md).
 */
class LayoutTest {

    private static final String[] STAGES = {"extract", "transform", "load", "render", "erase", "ingest", "api", "monitor"};
    private static final String[] FLOORS = {"jobs", "lake", "warehouse", "source", "config", "model", "privacy"};

    private static JavaClasses sendtime;

    @BeforeAll
    static void importClasses() {
        sendtime = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.sendtime");
    }

    @Test
    void noStageImportsAnotherStage() {
        slices().matching("io.sendtime.(extract|transform|load|render|erase|ingest|api|monitor)..").namingSlices("stage $1")
                .should().notDependOnEachOther()
                .because("stages stand side by side: what two stages need moves down to a shared floor")
                .check(sendtime);
    }

    @Test
    void stagesImportOnlyTheSharedFloors() {
        for (String stage : STAGES) {
            classes().that().resideInAPackage("io.sendtime." + stage + "..")
                    .should().onlyDependOnClassesThat(notSendtimeOrIn(stage))
                    .because("a stage imports only jobs, lake, warehouse, source, config and model")
                    .check(sendtime);
        }
    }

    @Test
    void sharedFloorsImportNoStageAndNothingAboveThem() {
        noClasses().that().resideInAnyPackage(packages(FLOORS))
                .should().dependOnClassesThat().resideInAnyPackage(packages(STAGES))
                .orShould().dependOnClassesThat().resideInAnyPackage(packages("cli", "demo", "bench", "samples"))
                .because("a shared floor serves every stage and knows none of them")
                .check(sendtime);
    }

    @Test
    void theSampleApisImportNoStage() {
        noClasses().that().resideInAPackage("io.sendtime.samples..")
                .should().dependOnClassesThat().resideInAnyPackage(packages(STAGES))
                .orShould().dependOnClassesThat().resideInAnyPackage(packages("cli", "demo", "bench"))
                .check(sendtime);
    }

    @Test
    void onlyTheCliImportsTheDemoAndTheBenchmarks() {
        noClasses().that().resideOutsideOfPackages("io.sendtime.cli..", "io.sendtime.bench..")
                .should().dependOnClassesThat().resideInAnyPackage("io.sendtime.bench..")
                .check(sendtime);
        noClasses().that().resideOutsideOfPackages("io.sendtime.cli..", "io.sendtime.demo..")
                .should().dependOnClassesThat().resideInAnyPackage("io.sendtime.demo..")
                .check(sendtime);
        noClasses().that().resideOutsideOfPackage("io.sendtime.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.sendtime.cli..")
                .because("commands are the top: nothing calls back into the CLI")
                .check(sendtime);
    }

    private static com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaClass> notSendtimeOrIn(
            String stage) {
        String[] allowed = new String[FLOORS.length + 1];
        for (int i = 0; i < FLOORS.length; i++) {
            allowed[i] = "io.sendtime." + FLOORS[i] + "..";
        }
        allowed[FLOORS.length] = "io.sendtime." + stage + "..";
        return com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage("io.sendtime..")
                .or(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(allowed));
    }

    private static String[] packages(String... names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = "io.sendtime." + names[i] + "..";
        }
        return out;
    }
}
