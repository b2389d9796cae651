package io.channelhub.support;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A JVM started from this test JVM's classpath, running one main class from the repository root, its output in a log. */
public final class JavaProcess {

    private JavaProcess() {
    }

    public static Process start(List<String> jvmOptions, Class<?> mainClass, List<String> arguments, File log)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true).redirectOutput(log).start();
    }
}
