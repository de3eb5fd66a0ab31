package io.github.emotion4j.vision;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the vision module's layering. */
@AnalyzeClasses(packages = "io.github.emotion4j.vision", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noOtherModalityModule = noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "io.github.emotion4j.audio..", "io.github.emotion4j.text..", "io.github.emotion4j.fusion..",
            "io.github.emotion4j.examples..");

    @ArchTest
    static final ArchRule noOnnxRuntime = noClasses().should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..");

    @ArchTest
    static final ArchRule noDjl = noClasses()
            .should().dependOnClassesThat().resideInAPackage("ai.djl..");

    @ArchTest
    static final ArchRule javaCvOnlyInDecodeAndFace = noClasses().that().resideOutsideOfPackages("..decode..", "..face..")
            .should().dependOnClassesThat().resideInAPackage("org.bytedeco..");
}
