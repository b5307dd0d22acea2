<?php
/**
 * The problem the plugin solves: the README's paste-the-snippet recipe does not survive
 * WordPress's kses for most people who write posts; the shortcode and the block do.
 *
 * @package VoiceAgentTests
 */

/** The README's two-line snippet, as someone would paste it into a Custom HTML block. */
const PASTED_SNIPPET = '<script src="https://cdn.jsdelivr.net/npm/voice-agent/dist/voice-agent.iife.js"></script>' . "\n"
	. '<voice-agent provider="lyzr" agent-id="agent-123"></voice-agent>';

/**
 * Saves a page as the current user, through wp_insert_post() and its content_save_pre filters.
 *
 * @param string $content Post content as the editor sends it.
 * @return string The content as stored.
 */
function saved_content( $content ) {
	$post_id = wp_insert_post(
		wp_slash(
			array(
				'post_type'    => 'page',
				'post_title'   => 'Voice',
				'post_status'  => 'draft',
				'post_content' => $content,
			)
		)
	);
	check( is_int( $post_id ) && $post_id > 0, 'the page was saved' );
	return get_post( $post_id )->post_content;
}

foreach ( array( 'author', 'contributor' ) as $role ) {
	test(
		"kses strips the pasted <voice-agent> and <script> for the $role role (single site)",
		static function () use ( $role ) {
			act_as( $role );
			check( ! current_user_can( 'unfiltered_html' ), "$role has no unfiltered_html" );
			$saved = saved_content( PASTED_SNIPPET );
			check_lacks( '<voice-agent', $saved, "$role's saved page" );
			check_lacks( '<script', $saved, "$role's saved page" );
			check_lacks( '<voice-agent', wp_kses_post( PASTED_SNIPPET ), 'wp_kses_post()' );
			check_lacks( '<script', wp_kses_post( PASTED_SNIPPET ), 'wp_kses_post()' );
		}
	);
}

test(
	'an administrator on a single site keeps the pasted snippet (unfiltered_html)',
	static function () {
		act_as( 'administrator' );
		check( current_user_can( 'unfiltered_html' ), 'administrator has unfiltered_html' );
		check_contains( '<voice-agent provider="lyzr"', saved_content( PASTED_SNIPPET ), 'administrator\'s saved page' );
	}
);

/**
 * Runs a probe script (a WordPress set up differently, in a process of its own).
 *
 * @param string $file A *-probe.php file in this folder.
 * @return array What it printed, decoded from JSON.
 */
function probe( $file ) {
	exec( escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( __DIR__ . '/' . $file ), $lines, $status );
	check_same( 0, $status, "$file exit status\n" . implode( "\n", $lines ) );
	$result = json_decode( implode( "\n", $lines ), true );
	check( is_array( $result ), "$file printed JSON:\n" . implode( "\n", $lines ) );
	return $result;
}

test(
	'on multisite a site administrator\'s pasted snippet is stripped; only a Super Admin keeps it',
	static function () {
		$probe = probe( 'kses-multisite-probe.php' );
		check_same( true, $probe['multisite'], 'the probe ran a multisite network' );
		check_same( array(), $probe['failed_queries'], 'queries the test database refused' );
		$admin = $probe['users']['admin'];
		check_same( array( false, false ), array( $admin['super_admin'], $admin['unfiltered_html'] ), 'site administrator: Super Admin, unfiltered_html' );
		check_lacks( '<voice-agent', $admin['saved'], 'site administrator\'s saved page' );
		check_lacks( '<script', $admin['saved'], 'site administrator\'s saved page' );
		check_contains( '[voice_agent provider="lyzr" agent_id="agent-123"]', $admin['saved'], 'site administrator\'s saved page' );
		$super = $probe['users']['superadmin'];
		check_same( array( true, true ), array( $super['super_admin'], $super['unfiltered_html'] ), 'Super Admin: Super Admin, unfiltered_html' );
		check_contains( '<voice-agent provider="lyzr"', $super['saved'], 'Super Admin\'s saved page' );
	}
);

test(
	'with DISALLOW_UNFILTERED_HTML even an administrator\'s pasted snippet is stripped',
	static function () {
		$probe = probe( 'kses-disallow-probe.php' );
		check_same( false, $probe['unfiltered_html'], 'administrator\'s unfiltered_html under DISALLOW_UNFILTERED_HTML' );
		check_lacks( '<voice-agent', $probe['saved'], 'administrator\'s saved page' );
		check_lacks( '<script', $probe['saved'], 'administrator\'s saved page' );
		check_contains( '[voice_agent provider="lyzr" agent_id="agent-123"]', $probe['saved'], 'administrator\'s saved page' );
	}
);

foreach ( array( 'author', 'contributor' ) as $role ) {
	test(
		"the shortcode and the block survive kses for the $role role and render the element",
		static function () use ( $role ) {
			act_as( $role );
			$shortcode = '[voice_agent provider="lyzr" agent_id="agent-123" variant="floating"]';
			$block     = '<!-- wp:voice-agent/voice-agent {"provider":"lyzr","agentId":"agent-123","texts":{"start":"Talk to us"}} /-->';
			$saved     = saved_content( $shortcode . "\n\n" . $block );
			check_contains( $shortcode, $saved, "$role's saved page" );
			check_contains( $block, $saved, "$role's saved page" );

			$rendered = seen( do_shortcode( do_blocks( $saved ) ) );
			check_same( 2, substr_count( $rendered, '<voice-agent ' ), 'elements rendered from the saved page' );
			check_contains( 'agent-id="agent-123"', $rendered, 'rendered page' );
			check_contains( 'text-start="Talk to us"', $rendered, 'rendered page' );
		}
	);
}
