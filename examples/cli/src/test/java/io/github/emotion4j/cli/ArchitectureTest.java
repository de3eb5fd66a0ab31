package io.github.emotion4j.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The command line uses the public API and the writers: no engine or JavaCV types, no core internals. */
@AnalyzeClasses(packages = "io.github.emotion4j.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noEngines = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("ai.onnxruntime..", "org.bytedeco..", "ai.djl..");

    @ArchTest
    static final ArchRule noCoreInternals = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.github.emotion4j.core.internal..", "io.github.emotion4j.live.internal..");
}
