package io.github.emotion4j.engine.onnxruntime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** An engine plug-in sees only core's engine SPI, never the other engine or a modality module. */
@AnalyzeClasses(packages = "io.github.emotion4j.engine.onnxruntime", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyItsOwnEngine = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("ai.djl..", "io.github.emotion4j.audio..", "io.github.emotion4j.vision..",
                    "io.github.emotion4j.text..", "io.github.emotion4j.fusion..", "org.bytedeco..");
}
