/** Seeded, platform-independent generator of synthetic heart-sound recordings for the five Yaseen 2018 classes. */
package org.heartsounds.data.synth;
