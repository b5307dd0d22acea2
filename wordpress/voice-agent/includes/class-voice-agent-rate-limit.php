<?php
/**
 * A fixed-window request counter per client, kept in transients (so it works with or without
 * a persistent object cache). The clock is injectable so tests can move time themselves.
 *
 * @package VoiceAgent
 */

defined( 'ABSPATH' ) || exit;

/**
 * Counts requests per client address and window.
 */
class Voice_Agent_Rate_Limit {

	/** @var int */
	private $limit;
	/** @var int Window length in seconds. */
	private $window;
	/** @var callable(): int */
	private $clock;

	/**
	 * @param int           $limit  Requests allowed per window.
	 * @param int           $window Window length in seconds.
	 * @param callable|null $clock  Returns the current Unix time; time() by default.
	 */
	public function __construct( $limit, $window = MINUTE_IN_SECONDS, $clock = null ) {
		$this->limit  = max( 1, (int) $limit );
		$this->window = max( 1, (int) $window );
		$this->clock  = $clock ? $clock : 'time';
	}

	/**
	 * Counts one request from $client.
	 *
	 * @param string $client The client's address.
	 * @return int 0 when the request is allowed, else the seconds until the window ends (for Retry-After).
	 */
	public function hit( $client ) {
		$now       = (int) call_user_func( $this->clock );
		$transient = 'voice_agent_rl_' . md5( $client );
		$entry     = get_transient( $transient );
		if ( ! is_array( $entry ) || ! isset( $entry['count'], $entry['reset_at'] ) || $entry['reset_at'] <= $now ) {
			$entry = array(
				'count'    => 0,
				'reset_at' => $now + $this->window,
			);
		}
		if ( $entry['count'] >= $this->limit ) {
			return max( 1, $entry['reset_at'] - $now );
		}
		$entry['count']++;
		set_transient( $transient, $entry, max( 1, $entry['reset_at'] - $now ) );
		return 0;
	}
}
