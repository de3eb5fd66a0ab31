package io.github.emotion4j.fusion;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the fusion module's layering: no modality module, no ONNX Runtime or JavaCV, DJL only for training. */
@AnalyzeClasses(packages = "io.github.emotion4j.fusion", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noModalityModule = noClasses().that().resideInAPackage("io.github.emotion4j.fusion..")
            .should().dependOnClassesThat().resideInAnyPackage("io.github.emotion4j.audio..", "io.github.emotion4j.vision..",
                    "io.github.emotion4j.text..", "io.github.emotion4j.examples..");

    @ArchTest
    static final ArchRule noOnnxRuntimeOrJavaCv = noClasses().that().resideInAPackage("io.github.emotion4j.fusion..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "org.bytedeco..");

    @ArchTest
    static final ArchRule djlOnlyForTraining = noClasses().that().resideOutsideOfPackage("io.github.emotion4j.fusion.train..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl..");

    @ArchTest
    static final ArchRule inferenceDoesNotNeedTheTrainer = noClasses().that().resideInAnyPackage(
                    "io.github.emotion4j.fusion", "io.github.emotion4j.fusion.attention..", "io.github.emotion4j.fusion.moe..",
                    "io.github.emotion4j.fusion.model..", "io.github.emotion4j.fusion.calibration..")
            .should().dependOnClassesThat().resideInAPackage("io.github.emotion4j.fusion.train..");
}
