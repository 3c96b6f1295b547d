/** Groups of recordings that must stay in one split (shared audio, same patient), with the evidence joining them. */
package org.heartsounds.data.group;
