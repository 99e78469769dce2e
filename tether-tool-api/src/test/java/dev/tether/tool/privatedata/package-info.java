/** A package of test tools that all read private data, declared once. */
@ToolPackage(privateData = true)
package dev.tether.tool.privatedata;

import dev.tether.tool.ToolPackage;
