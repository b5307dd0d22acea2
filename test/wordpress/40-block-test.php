<?php
/**
 * The voice-agent/voice-agent block: registered from block.json with its editor script, and
 * rendered on the server like the shortcode.
 *
 * @package VoiceAgentTests
 */

test(
	'the block is registered from block.json with a server-side render and the editor script',
	static function () {
		$block = WP_Block_Type_Registry::get_instance()->get_registered( 'voice-agent/voice-agent' );
		check( $block instanceof WP_Block_Type, 'block registered' );
		check( $block->is_dynamic(), 'block renders on the server' );
		check_same( array( 'voice-agent-voice-agent-editor-script' ), $block->editor_script_handles, 'editor script handles' );
		$script = wp_scripts()->registered['voice-agent-voice-agent-editor-script'];
		check_same( 'https://site.test/wp-content/plugins/voice-agent/block/editor.js', $script->src, 'editor script URL' );
		check_same( array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-i18n' ), $script->deps, 'editor script dependencies' );
	}
);

test(
	'the block renders the element with its attributes inside the block wrapper',
	static function () {
		act_as( 'contributor' );
		$html = seen( do_blocks( '<!-- wp:voice-agent/voice-agent {"provider":"lyzr","agentId":"agent-123","variant":"floating","placement":"top-right","lang":"fr","frameMs":"80","bargeIn":"off","echoGate":"on","debug":true,"texts":{"start":"Parlons","open":"Aide"},"align":"wide"} /-->' ) );
		check_contains( '<div class="alignwide wp-block-voice-agent-voice-agent">', $html, 'rendered block' );
		check_same(
			array(
				'provider'   => 'lyzr',
				'agent-id'   => 'agent-123',
				'frame-ms'   => '80',
				'variant'    => 'floating',
				'placement'  => 'top-right',
				'lang'       => 'fr',
				'barge-in'   => 'off',
				'echo-gate'  => 'on',
				'debug'      => '',
				'text-start' => 'Parlons',
				'text-open'  => 'Aide',
			),
			voice_agent_attributes_in( $html ),
			'the element\'s attributes'
		);
	}
);

test(
	'an Anunzi block uses this site\'s token broker route for its assistant',
	static function () {
		$attributes = voice_agent_attributes_in( seen( do_blocks( '<!-- wp:voice-agent/voice-agent {"provider":"anunzi","assistant":"asst_second"} /-->' ) ) );
		check_same( 'https://site.test/wp-json/voice-agent/v1/session?assistant=asst_second', $attributes['session-endpoint'], 'session-endpoint' );
	}
);

test(
	'hostile block attributes (as a block comment\'s JSON can carry them) are refused or inert',
	static function () {
		act_as( 'author' );
		$attributes = array(
			'provider'  => 'lyzr',
			'agentId'   => '"><script>alert(1)</script>',
			'serverUrl' => 'javascript:alert(1)',
			'lang'      => 'en" onfocus="alert(1)',
			'onclick'   => 'alert(1)',
			'texts'     => array(
				'start'   => '"><script>alert(1)</script>Go',
				'onclick' => 'alert(1)',
			),
		);
		$html = seen( do_blocks( '<!-- wp:voice-agent/voice-agent ' . wp_json_encode( $attributes ) . ' /-->' ) );
		check_lacks( '<script', $html, 'rendered block' );
		check_same(
			array(
				'provider'   => 'lyzr',
				'text-start' => '">Go',
			),
			voice_agent_attributes_in( $html ),
			'the element\'s attributes as a browser reads them'
		);
	}
);
