/**
 * Retries an assertion until it holds or the time is up, then fails with the assertion's own error
 * (jest has no built-in for code outside the DOM; React Testing Library's waitFor needs a document).
 */
export async function eventually(assertion: () => void, { timeout = 1_000, interval = 20 } = {}): Promise<void> {
  const deadline = Date.now() + timeout
  for (;;) {
    try {
      assertion()
      return
    } catch (error) {
      if (Date.now() >= deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, interval))
    }
  }
}
