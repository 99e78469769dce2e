/** The knowledge-base tools; every one reads the user's documents. */
@ToolPackage(privateData = true)
package dev.tether.toolsets.kb;

import dev.tether.tool.ToolPackage;
