/** The mail tools; every one reads the user's mail. */
@ToolPackage(privateData = true)
package dev.tether.toolsets.mail;

import dev.tether.tool.ToolPackage;
