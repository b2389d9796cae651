package io.channelhub.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials file ({@code hub.ops.credentials-file}): one credential a line, {@code name role token} separated by
 * spaces or tabs, where role is {@code viewer} or {@code operator}. Blank lines and lines starting with {@code #} are
 * skipped. A line that does not fit refuses the start; the message names the file and the line number but never
 * repeats the line, since a line with its fields in the wrong order would show a token.
 */
final class CredentialsFile {

    private static final Logger log = LoggerFactory.getLogger(CredentialsFile.class);
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private CredentialsFile() {
    }

    static List<OpsCredential> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidOpsCredentialsException("hub.ops.credentials-file " + file + " cannot be read: " + e, e);
        }
        warnIfReadableByOthers(file);
        return parse(lines, file.toString());
    }

    /** The credentials in {@code lines}; {@code source} names them in error messages. */
    static List<OpsCredential> parse(List<String> lines, String source) {
        List<OpsCredential> credentials = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
                line = line.substring(1);
            }
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            String[] fields = line.split("\\s+");
            if (fields.length != 3) {
                throw new InvalidOpsCredentialsException(where + ": expected three fields 'name role token', found "
                        + fields.length);
            }
            OpsRole role = OpsRole.fromLabel(fields[1]).orElseThrow(() -> new InvalidOpsCredentialsException(
                    where + ": the second field must be a role, viewer or operator"));
            credentials.add(new OpsCredential(fields[0], role, fields[2], where));
        }
        return credentials;
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            if (Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("hub.ops.credentials-file {} is readable by every user of this machine; chmod 600 it", file);
            }
        } catch (UnsupportedOperationException | IOException notPosix) {
            // nothing to check on a file system without POSIX permissions
        }
    }
}
