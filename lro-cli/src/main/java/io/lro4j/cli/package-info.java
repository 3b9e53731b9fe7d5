/**
 * The {@code lro} command: one picocli class per subcommand.
 */
@NullMarked
package io.lro4j.cli;

import org.jspecify.annotations.NullMarked;
