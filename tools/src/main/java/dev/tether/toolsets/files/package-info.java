/** The file tools; every one reads the user's files. */
@ToolPackage(privateData = true)
package dev.tether.toolsets.files;

import dev.tether.tool.ToolPackage;
