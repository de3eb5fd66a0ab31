package io.github.emotion4j.text;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps emotion-text's layering. */
@AnalyzeClasses(packages = "io.github.emotion4j.text", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noOtherModalityModule = noClasses().that().resideInAPackage("io.github.emotion4j.text..")
            .should().dependOnClassesThat().resideInAnyPackage("io.github.emotion4j.audio..", "io.github.emotion4j.vision..",
                    "io.github.emotion4j.fusion..", "io.github.emotion4j.examples..");

    @ArchTest
    static final ArchRule noOnnxRuntime = noClasses().that().resideInAPackage("io.github.emotion4j.text..")
            .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..");

    @ArchTest
    static final ArchRule djlOnlyInTokenize = noClasses().that().resideOutsideOfPackages(
                    "io.github.emotion4j.text.tokenize..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl..");

    @ArchTest
    static final ArchRule huggingFaceOnlyInTokenize = noClasses().that().resideOutsideOfPackage("io.github.emotion4j.text.tokenize..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl.huggingface..");

    @ArchTest
    static final ArchRule noJavaCv = noClasses().that().resideInAPackage("io.github.emotion4j.text..")
            .should().dependOnClassesThat().resideInAnyPackage("org.bytedeco..", "dev.langchain4j..");
}
