package io.github.emotion4j.audio;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps emotion-audio's layering. */
@AnalyzeClasses(packages = "io.github.emotion4j.audio", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noOtherModalityModule = noClasses().that().resideInAPackage("io.github.emotion4j.audio..")
            .should().dependOnClassesThat().resideInAnyPackage("io.github.emotion4j.vision..", "io.github.emotion4j.text..",
                    "io.github.emotion4j.fusion..", "io.github.emotion4j.examples..");

    @ArchTest
    static final ArchRule noOnnxRuntime = noClasses().that().resideInAPackage("io.github.emotion4j.audio..")
            .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..");

    @ArchTest
    static final ArchRule noDjl = noClasses().that().resideInAPackage("io.github.emotion4j.audio..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl..");

    @ArchTest
    static final ArchRule javacvOnlyInDecode = noClasses().that().resideOutsideOfPackage("io.github.emotion4j.audio.decode..")
            .and().resideInAPackage("io.github.emotion4j.audio..")
            .should().dependOnClassesThat().resideInAPackage("org.bytedeco..");

    @ArchTest
    static final ArchRule tarsosOnlyInProsody = noClasses().that().resideOutsideOfPackage("io.github.emotion4j.audio.prosody..")
            .and().resideInAPackage("io.github.emotion4j.audio..")
            .should().dependOnClassesThat().resideInAPackage("be.tarsos..");
}
