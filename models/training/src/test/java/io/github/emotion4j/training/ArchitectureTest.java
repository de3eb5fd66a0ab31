package io.github.emotion4j.training;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Training uses DJL and the public API of core, fusion and vision's dynamics; never ONNX Runtime, JavaCV or core internals. */
@AnalyzeClasses(packages = "io.github.emotion4j.training", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noOnnxRuntimeOrJavaCv = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("ai.onnxruntime..", "org.bytedeco..", "io.github.emotion4j.core.internal..");

    @ArchTest
    static final ArchRule noAudioOrText = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.github.emotion4j.audio..", "io.github.emotion4j.text..", "io.github.emotion4j.cli..");

    @ArchTest
    static final ArchRule visionOnlyForDynamics = noClasses().that().resideOutsideOfPackage("..training.dynamics..")
            .should().dependOnClassesThat().resideInAPackage("io.github.emotion4j.vision..");
}
