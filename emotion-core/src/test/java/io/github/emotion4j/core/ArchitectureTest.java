package io.github.emotion4j.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps core's layering: no modality module, no JavaCV, engines only in the engine package. */
@AnalyzeClasses(packages = "io.github.emotion4j.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreImportsNoModalityModule = noClasses().that().resideInAPackage("io.github.emotion4j.core..")
            .should().dependOnClassesThat().resideInAnyPackage("io.github.emotion4j.audio..", "io.github.emotion4j.vision..",
                    "io.github.emotion4j.text..", "io.github.emotion4j.fusion..", "io.github.emotion4j.examples..");

    @ArchTest
    static final ArchRule coreHasNoJavaCv = noClasses().that().resideInAPackage("io.github.emotion4j.core..")
            .should().dependOnClassesThat().resideInAPackage("org.bytedeco..");

    @ArchTest
    static final ArchRule enginesStayInTheEnginePackage = noClasses().that().resideOutsideOfPackage("io.github.emotion4j.core.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "ai.djl..");
}
