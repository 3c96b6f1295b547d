/** ND4J native backend settings: the native thread count and DL4J's oneDNN layer helpers switched on or off. */
package org.heartsounds.trainer.backend;
