package io.channelhub.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool a test needs (promtool, amtool, prometheus): found on the PATH, else the test is skipped with
 * the package to install, or fails when {@code -Dhub.require-tools=true} (.ci/run sets it after installing them).
 */
public final class RequiredTool {

    private RequiredTool() {
    }

    public static String find(String name, String debianPackage) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        missing(name + " is not on the PATH (Debian package " + debianPackage + ", which .ci/run installs)",
                "hub.require-tools");
        return name;
    }

    /**
     * Something the calling test needs is not installed: the test is skipped, saying so, or fails when the system
     * property {@code requireProperty} is true (CI sets it, so that a missing install cannot pass as a skip).
     */
    public static void missing(String what, String requireProperty) {
        if (Boolean.getBoolean(requireProperty)) {
            fail(what + ", and -D" + requireProperty + "=true asks for it");
        }
        Assumptions.abort(what + ": skipped; -D" + requireProperty + "=true makes this a failure");
    }
}
