package io.github.emotion4j.live;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the live module on the public API of core, audio and vision, with JavaCV only in its internals. */
@AnalyzeClasses(packages = "io.github.emotion4j.live", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noTextFusionOrPrograms = noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "io.github.emotion4j.text..", "io.github.emotion4j.fusion..", "io.github.emotion4j.examples..",
            "io.github.emotion4j.cli..");

    @ArchTest
    static final ArchRule noInternalsOfOtherModules = noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "io.github.emotion4j.core.internal..", "io.github.emotion4j.core.engine..");

    @ArchTest
    static final ArchRule noAnalyzers = noClasses().should().dependOnClassesThat().haveSimpleNameEndingWith("Analyzer")
            .because("a session drives the recognizer through predict, not the analysers behind it");

    @ArchTest
    static final ArchRule javaCvOnlyInInternal = noClasses().that().resideOutsideOfPackage("..live.internal..")
            .should().dependOnClassesThat().resideInAPackage("org.bytedeco..");

    @ArchTest
    static final ArchRule noEngines = noClasses().should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "ai.djl..");

    @ArchTest
    static final ArchRule noMain = noMethods().that().areStatic().and().arePublic().should().haveName("main")
            .because("a jar a user depends on has no main: the command is `emotion4j live` in emotion4j-cli");
}
