/** sweep.csv: the ledger of finished candidates, rewritten atomically after each one so a killed sweep can resume. */
package org.heartsounds.sweep.ledger;
