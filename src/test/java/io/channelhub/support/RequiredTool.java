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
        String missing = name + " is not on the PATH (Debian package " + debianPackage + ", which .ci/run installs)";
        if (Boolean.getBoolean("hub.require-tools")) {
            fail(missing + ", and -Dhub.require-tools=true asks for it");
        }
        Assumptions.abort(missing + ": skipped; -Dhub.require-tools=true makes this a failure");
        return name;
    }
}
