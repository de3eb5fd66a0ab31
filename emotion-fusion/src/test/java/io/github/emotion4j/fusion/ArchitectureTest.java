package io.github.emotion4j.fusion;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the fusion module's layering: no modality module, no ONNX Runtime or JavaCV, no DJL (training lives in emotion-training). */
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
    static final ArchRule noDjl = noClasses().that().resideInAPackage("io.github.emotion4j.fusion..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl..")
            .because("fusion runs in plain Java; FusionTrainer (DJL) lives in emotion-training");
}
