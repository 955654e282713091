package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.DiagnosticEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of test classes that analyse many texts with the built-in engine: one engine per class, closed after it. */
abstract class BuiltInEngineTest {
    static DiagnosticEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = CorpusAccuracyTest.engine();
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }
}
